import { log } from '../messages/legacy-messages.js';
import { readModePorts } from '../config/mode-ports.js';
import { reloadConfig, retrieve, type Settings } from '../config/settings.js';
import { EventQueue } from '../engine/event-queue.js';
import type { Engine, Hit } from '../engine/detection.js';
import type { StartReport } from './mode-starter.js';
import { bindClassicPorts, type BoundSocket, type BoundSocket6 } from './bind-ports.js';

interface ClassicSetup {
  /** the configured ports, as 1.2's ports[] (the messages name ports[index of the bound socket]) */
  ports: number[];
  banner: string | null;
  bound: BoundSocket[];
  /** ENABLE_IPV6's v6-only sockets (bind-ports.ts); empty with the key off */
  bound6: BoundSocket6[];
  queue: EventQueue<Hit>;
}

/**
 * The start of PortSentryModeTCP() and PortSentryModeUDP(): read the port list and PORT_BANNER,
 * bind every port, and announce "now active". null when the mode cannot start.
 */
export const setUpClassicMode = (
  proto: 'TCP' | 'UDP',
  settings: Settings,
  engine: Engine,
  emit: (text: string) => void,
  report?: StartReport,
): ClassicSetup | null => {
  const config = reloadConfig(settings);
  const ports = readModePorts(config, proto, emit);
  if (ports === null) return null;
  const banner = retrieve(config, 'PORT_BANNER', emit);
  const sockets = bindClassicPorts(proto, ports, emit, settings.extensions.ipv6);
  if (sockets === null) return null;
  const { bound, bound6 } = sockets;
  const queue = new EventQueue<Hit>(
    engine.handle,
    4096,
    (n) => {
      if (n === 1 || n % 1000 === 0) emit(log.ours.queueOverflow(n));
    },
    // a dropped TCP hit's connection is closed, as a handled one is
    (hit) => hit.onDone?.(),
  );
  if (report !== undefined) {
    const watched = bound.map((b) => b.port);
    report.watching(
      { kind: 'list', ports: watched },
      ports.filter((p) => !watched.includes(p)),
    );
    report.queue(queue);
  }
  emit(log.active);
  return { ports, banner, bound, bound6, queue };
};
