import { log } from '../messages/legacy-messages.js';
import { atoi, strtokCommas } from '../config/c-compat.js';
import { MAX_PORTS } from '../config/port-list.js';
import { reloadConfig, retrieve, type Settings } from '../config/settings.js';
import type { Proto } from './packet-decode.js';
import { probePort } from './smart-verify.js';
import type { PlannedSpec } from './stealth-ports.js';
import { ipv6PortsInUse } from '../system/proc-net-ports.js';

/** 1.2's default when ADVANCED_PORTS_TCP/UDP cannot be read */
const ADVANCED_DEFAULT = 1024;
/** bind checks beyond 65536 would only try the same ports again (htons keeps 16 bits) */
const MAX_BIND_CHECKS = 65536;

/**
 * The start of PortSentryAdvancedStealthModeTCP()/UDP(): the limit (ADVANCED_PORTS_*), a bind
 * check of every port below it (those in use are ignored), the manual exclusions
 * (ADVANCED_EXCLUDE_*, the first one and up to 64 more), then one line per ignored port.
 *
 * 1.2 keeps the ignored ports in a 64-entry array and writes past its end when more are in use
 * or excluded; we keep them all (listed in known-differences).
 */
export const advancedPorts = (proto: Proto, settings: Settings, emit: (t: string) => void): PlannedSpec | null => {
  const config = reloadConfig(settings);
  const limitText = retrieve(config, `ADVANCED_PORTS_${proto}`, emit);
  let limit = ADVANCED_DEFAULT;
  if (limitText === null) emit(log.advancedNoLimit(proto));
  else limit = atoi(limitText);
  emit(log.advancedMonitor(limit));

  // 1.2 holds the limit in an unsigned int: a negative number is a very large one
  const unsignedLimit = limit >>> 0;
  const ignored: number[] = [];
  const checks = Math.min(unsignedLimit, MAX_BIND_CHECKS);
  for (let port = 0; port < checks; port++) {
    const r = probePort(proto, port);
    if (r === 'no-socket') {
      emit(log.stealthOpenSocketFailed(proto));
      return null;
    }
    if (r === 'in-use') ignored.push(port);
  }

  const inUse = [...ignored];
  const excludeText = retrieve(config, `ADVANCED_EXCLUDE_${proto}`, emit);
  if (excludeText === null) emit(log.advancedExcludeNone);
  else {
    for (const piece of strtokCommas(excludeText).slice(0, MAX_PORTS + 1)) {
      const port = atoi(piece);
      ignored.push(port);
      emit(log.advancedExclude(port));
    }
  }
  for (const port of ignored) emit(log.advancedIgnored(proto, port));

  // PortSentryAdvancedStealthModeTCP: with nothing ignored, the loop that compares the limit never
  // runs and every port is watched
  const spec: PlannedSpec =
    ignored.length === 0
      ? { proto, ports: { kind: 'all' }, inUse }
      : {
          proto,
          ports: {
            kind: 'below',
            limit: Math.min(unsignedLimit, 65536),
            except: ignored.map((p) => p >>> 0).filter((p) => p <= 65535),
          },
          inUse,
        };
  if (settings.extensions.ipv6) spec.v6 = ipv6Plan(spec, checks, ignored, proto, emit);
  return spec;
};

/**
 * ENABLE_IPV6: the IPv4 plan, less the ports below the limit bound on IPv6 only (listening in
 * /proc/net/tcp6, bound in udp6), each reported as an ignored port is, after the IPv4 ones.
 */
const ipv6Plan = (
  spec: PlannedSpec,
  checks: number,
  ignored: number[],
  proto: Proto,
  emit: (t: string) => void,
): PlannedSpec => {
  const known = new Set(ignored.map((p) => p >>> 0));
  const extra = [...ipv6PortsInUse(proto)].filter((p) => p < checks && !known.has(p)).sort((a, b) => a - b);
  for (const port of extra) emit(log.advancedIgnored(proto, port));
  if (extra.length === 0) return { proto, ports: spec.ports };
  const p = spec.ports;
  if (p.kind === 'below') return { proto, ports: { kind: 'below', limit: p.limit, except: [...p.except, ...extra] } };
  return { proto, ports: { kind: 'below', limit: 65536, except: extra } };
};
