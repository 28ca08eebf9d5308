import { log } from '../messages/legacy-messages.js';
import { readModePorts } from '../config/mode-ports.js';
import { reloadConfig, type Settings } from '../config/settings.js';
import type { WatchSpec } from './bpf-filter.js';
import type { Proto } from './packet-decode.js';
import { probePort } from './smart-verify.js';

/**
 * The start of PortSentryStealthModeTCP()/UDP(): read TCP_PORTS/UDP_PORTS (at most 64), announce
 * each port and skip those a service already holds (bind fails), abort when none is left.
 * Returns the ports to watch, or null when the mode cannot start.
 */
export const stealthPorts = (proto: Proto, settings: Settings, emit: (t: string) => void): WatchSpec | null => {
  const ports = readModePorts(reloadConfig(settings), proto, emit);
  if (ports === null) return null;
  const free: number[] = [];
  const inUse: number[] = [];
  for (const port of ports) {
    emit(log.stealthListenOn(proto, port));
    const r = probePort(proto, port);
    if (r === 'no-socket') {
      emit(log.stealthOpenSocketFailed(proto));
      return null;
    }
    if (r === 'in-use') {
      emit(log.stealthPortInUse(port));
      inUse.push(port);
    }
    // 1.2 compares the incoming port with the number as configured, so 65537 binds port 1
    // at start but never matches a packet (normaliseSpec keeps 0..65535 only)
    else free.push(port);
  }
  if (free.length === 0) {
    emit(log.stealthAllInUse(proto));
    return null;
  }
  return { proto, ports: { kind: 'list', ports: free }, inUse };
};
