import { log } from '../legacy/messages.js';
import { readModePorts } from '../config/mode-ports.js';
import { reloadConfig, retrieve, type Settings } from '../config/settings.js';
import { EventQueue } from '../engine/event-queue.js';
import type { Engine, Hit } from '../engine/detection.js';
import { bindClassicPorts, type BoundSocket } from './bind-ports.js';

export interface ClassicSetup {
  /** the configured ports, as 1.2's ports[] (the messages name ports[index of the bound socket]) */
  ports: number[];
  banner: string | null;
  bound: BoundSocket[];
  queue: EventQueue<Hit>;
  /** to be called for each datagram or connection read, so that hits wait while input comes */
  noteRead: () => void;
}

/** at most this many turns of the event loop before a hit is handled, however fast input comes */
export const MAX_READ_TURNS = 64;

/**
 * The engine's handler, entered only after the event loop has read what is waiting. Handling a
 * hit is synchronous work (ignore file, blocked file, history): without this, the datagram that
 * started a burst kept the loop from reading until the queue was empty, and the kernel dropped
 * what no longer fitted the socket's receive buffer (256 datagrams a port). A turn of the loop
 * reads at most 32 datagrams a socket, so the loop turns again while a turn still read something
 * (`reads()` counts what the sockets delivered), up to MAX_READ_TURNS.
 */
export const handleAfterReads =
  (engine: Pick<Engine, 'handle'>, reads: () => number = () => 0) =>
  async (hit: Hit): Promise<void> => {
    for (let turn = 0; turn < MAX_READ_TURNS; turn++) {
      const before = reads();
      await new Promise<void>((r) => setImmediate(r));
      if (reads() === before) break;
    }
    await engine.handle(hit);
  };

/**
 * The start of PortSentryModeTCP() and PortSentryModeUDP(): read the port list and PORT_BANNER,
 * bind every port, and announce "now active". null when the mode cannot start.
 */
export const setUpClassicMode = (
  proto: 'TCP' | 'UDP',
  settings: Settings,
  engine: Engine,
  emit: (text: string) => void,
): ClassicSetup | null => {
  const config = reloadConfig(settings);
  const ports = readModePorts(config, proto, emit);
  if (ports === null) return null;
  const banner = retrieve(config, 'PORT_BANNER', emit);
  const bound = bindClassicPorts(proto, ports, emit);
  if (bound === null) return null;
  let reads = 0;
  const queue = new EventQueue<Hit>(
    handleAfterReads(engine, () => reads),
    4096,
    (n) => {
      if (n === 1 || n % 1000 === 0) emit(log.ours.queueOverflow(n));
    },
    // a dropped TCP hit's connection is closed, as a handled one is
    (hit) => hit.onDone?.(),
  );
  emit(log.active);
  return { ports, banner, bound, queue, noteRead: () => void reads++ };
};
