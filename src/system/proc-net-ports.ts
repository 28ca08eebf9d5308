/**
 * The local ports bound on IPv6 in this network namespace, from /proc/net/tcp6 (listening
 * sockets) and /proc/net/udp6 (every bound socket): what the advanced modes' in-use check adds for
 * ENABLE_IPV6, where probing 65536 ports by bind() a second time would double their start-up.
 */
import { readFileSync } from 'node:fs';

/** st of a listening TCP socket (TCP_LISTEN) in /proc/net/tcp6 */
const TCP_LISTEN = '0A';

/**
 * The local ports of a /proc/net/tcp6 or udp6 table: for TCP the LISTEN rows only, for UDP every
 * row. Lines that do not have the table's shape are passed over.
 */
export const boundPorts6 = (table: string, proto: 'TCP' | 'UDP'): Set<number> => {
  const ports = new Set<number>();
  for (const line of table.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4) continue;
    const m = /^[0-9A-Fa-f]{32}:([0-9A-Fa-f]{4})$/.exec(f[1]!);
    if (m === null) continue;
    if (proto === 'TCP' && f[3] !== TCP_LISTEN) continue;
    ports.add(parseInt(m[1]!, 16));
  }
  return ports;
};

/** boundPorts6 of this namespace's table; empty when it cannot be read (no IPv6 in the kernel) */
export const ipv6PortsInUse = (proto: 'TCP' | 'UDP'): Set<number> => {
  let table: string;
  try {
    table = readFileSync(proto === 'TCP' ? '/proc/net/tcp6' : '/proc/net/udp6', 'latin1');
  } catch {
    return new Set();
  }
  return boundPorts6(table, proto);
};
