import { log } from '../messages/legacy-messages.js';
import { readModePorts } from '../config/mode-ports.js';
import { reloadConfig, type Settings } from '../config/settings.js';
import type { WatchSpec } from './bpf-filter.js';
import type { Proto } from './packet-decode.js';
import { probePort, probePort6 } from './smart-verify.js';

/** a mode's plan: what the IPv4 capture watches, and with ENABLE_IPV6 what the IPv6 one watches */
export type PlannedSpec = WatchSpec & { v6?: WatchSpec };

/**
 * The start of PortSentryStealthModeTCP()/UDP(): read TCP_PORTS/UDP_PORTS (at most 64), announce
 * each port and skip those a service already holds (bind fails), abort when none is left.
 * Returns the ports to watch, or null when the mode cannot start.
 */
export const stealthPorts = (proto: Proto, settings: Settings, emit: (t: string) => void): PlannedSpec | null => {
  const ports = readModePorts(reloadConfig(settings), proto, emit);
  if (ports === null) return null;
  const ipv6 = settings.extensions.ipv6;
  const free: number[] = [];
  const free6: number[] = [];
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
    else {
      free.push(port);
      if (!ipv6) continue;
      // ENABLE_IPV6: a port held on IPv6 only is reported as a port in use is, and watched on IPv4 only
      if (probePort6(proto, port) === 'in-use') emit(log.stealthPortInUse(port));
      else free6.push(port);
    }
  }
  if (free.length === 0) {
    emit(log.stealthAllInUse(proto));
    return null;
  }
  const spec: PlannedSpec = { proto, ports: { kind: 'list', ports: free }, inUse };
  if (ipv6) spec.v6 = { proto, ports: { kind: 'list', ports: free6 } };
  return spec;
};
