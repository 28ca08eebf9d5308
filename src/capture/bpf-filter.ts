/**
 * What a stealth mode watches, and the two kernel-side filters built from it, so that the kernel
 * discards everything the mode would ignore before it is copied to us:
 *  - nftMatch: the match part of our own netfilter rule (the "nflog" path, see visibility.ts);
 *  - bpfFilter: a libpcap filter for a plain tap (the fallback on "any", see pcap-source.ts).
 * Both express the same thing as `isWatched`, which the detector still applies to every packet.
 */
import type { Proto } from './packet-decode.js';

export type PortSet =
  /** PortSentryStealthModeTCP/UDP: exactly these ports (the ones that were free at start) */
  | { kind: 'list'; ports: number[] }
  /** PortSentryAdvancedStealthModeTCP/UDP: every port below `limit` (0..65536) but `except` */
  | { kind: 'below'; limit: number; except: number[] }
  /** the advanced modes with nothing in use and nothing excluded: 1.2 never compares the limit */
  | { kind: 'all' };

export interface WatchSpec {
  proto: Proto;
  ports: PortSet;
  /** the ports skipped at start because a service held them (for `portsentry status` only) */
  inUse?: number[];
}

const valid = (p: number): boolean => Number.isInteger(p) && p >= 0 && p <= 65535;
const uniqueSorted = (ports: number[]): number[] => [...new Set(ports.filter(valid))].sort((a, b) => a - b);

/** The ports a spec names, reduced to real port numbers, sorted, without repeats. */
export const normaliseSpec = (spec: WatchSpec): WatchSpec => {
  const p = spec.ports;
  if (p.kind === 'list') return { proto: spec.proto, ports: { kind: 'list', ports: uniqueSorted(p.ports) } };
  if (p.kind === 'below') {
    const limit = Math.max(0, Math.min(65536, Math.floor(p.limit)));
    return {
      proto: spec.proto,
      ports: { kind: 'below', limit, except: uniqueSorted(p.except).filter((x) => x < limit) },
    };
  }
  return spec;
};

export const isWatched = (spec: WatchSpec, port: number): boolean => {
  const p = spec.ports;
  switch (p.kind) {
    case 'list':
      return p.ports.includes(port);
    case 'below':
      return port < p.limit && !p.except.includes(port);
    case 'all':
      return true;
  }
};

/** true when the spec can match no port at all */
export const watchesNothing = (spec: WatchSpec): boolean => {
  const p = normaliseSpec(spec).ports;
  if (p.kind === 'list') return p.ports.length === 0;
  if (p.kind === 'below') return p.limit - p.except.length <= 0;
  return false;
};

/** Consecutive ports as ranges: [1,2,3,7] -> [[1,3],[7,7]] */
export const ranges = (sorted: number[]): [number, number][] => {
  const out: [number, number][] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && last[1] === p - 1) last[1] = p;
    else out.push([p, p]);
  }
  return out;
};

/** UDP datagrams with fewer than 4 bytes after the IP header (see NFT_SHORT_UDP) */
const BPF_SHORT_UDP = '(ip[2:2] - ((ip[0] & 0xf) << 2)) < 4';

/** beyond this many ranges a BPF program gets long; the detector checks every packet anyway */
const BPF_MAX_RANGES = 200;

const bpfPorts = (rs: [number, number][]): string =>
  rs.map(([a, b]) => (a === b ? `dst port ${a}` : `dst portrange ${a}-${b}`)).join(' or ');

/**
 * A libpcap filter for a tap: IPv4 of the mode's protocol, inbound, addressed to one of
 * `localNets` (e.g. "127.0.0.0/8", "10.0.0.5"), not a later fragment, TCP without ACK/RST, to a
 * watched port. Returns "" when nothing can match (the caller then captures nothing).
 */
export const bpfFilter = (spec: WatchSpec, localNets: string[] = []): string => {
  const s = normaliseSpec(spec);
  const parts = ['inbound', 'ip', s.proto === 'TCP' ? 'tcp' : 'udp', '(ip[6:2] & 0x1fff) = 0'];
  if (localNets.length > 0)
    parts.push(`(${localNets.map((n) => (n.includes('/') ? `dst net ${n}` : `dst host ${n}`)).join(' or ')})`);
  if (s.proto === 'TCP') parts.push('(tcp[13] & 0x14) = 0');
  const p = s.ports;
  const ports: string[] = [];
  if (p.kind === 'list') {
    if (p.ports.length === 0) return '';
    ports.push(`(${bpfPorts(ranges(p.ports))})`);
  } else if (p.kind === 'below') {
    if (watchesNothing(s)) return '';
    if (p.limit < 65536) ports.push(p.limit === 1 ? 'dst port 0' : `dst portrange 0-${p.limit - 1}`);
    const ex = ranges(p.except);
    if (ex.length > 0 && ex.length <= BPF_MAX_RANGES) ports.push(`not (${bpfPorts(ex)})`);
  }
  // a port test rejects a datagram too short for its ports, which 1.2 reads as port 0
  if (s.proto === 'UDP' && ports.length > 0 && isWatched(s, 0))
    parts.push(`((${ports.join(' and ')}) or ${BPF_SHORT_UDP})`);
  else parts.push(...ports);
  return parts.join(' and ');
};

const nftSet = (rs: [number, number][]): string => {
  const items = rs.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`));
  return items.length === 1 && !items[0]!.includes('-') ? items[0]! : `{ ${items.join(', ')} }`;
};

/**
 * The match of our netfilter rule (nft syntax, family ip), or null when nothing can match; two
 * matches (two rules) on two lines when short UDP datagrams must be seen too.
 * Netfilter's input hook only sees packets for this host, reassembled, so no address or
 * fragment test is needed.
 */
export const nftMatch = (spec: WatchSpec): string | null => {
  const s = normaliseSpec(spec);
  const l4 = s.proto === 'TCP' ? 'tcp' : 'udp';
  const parts: string[] = [];
  const p = s.ports;
  if (p.kind === 'list') {
    if (p.ports.length === 0) return null;
    parts.push(`${l4} dport ${nftSet(ranges(p.ports))}`);
  } else if (p.kind === 'below') {
    if (watchesNothing(s)) return null;
    parts.push(
      p.limit === 1 ? `${l4} dport 0` : p.limit < 65536 ? `${l4} dport 0-${p.limit - 1}` : `meta l4proto ${l4}`,
    );
    if (p.except.length > 0) parts.push(`${l4} dport != ${nftSet(ranges(p.except))}`);
  } else {
    parts.push(`meta l4proto ${l4}`);
  }
  if (s.proto === 'TCP') parts.push('tcp flags & (ack | rst) == 0');
  const main = parts.join(' ');
  // a datagram too short for its ports fails every "udp dport" test, yet 1.2 reads it as port 0
  return s.proto === 'UDP' && main !== 'meta l4proto udp' && isWatched(s, 0) ? `${main}\n${NFT_SHORT_UDP}` : main;
};

/**
 * UDP datagrams with 0 to 3 bytes after the IP header (of any length), which PacketReadUDP reads
 * as port 0 (packet-decode.ts shortUdpPort): the second line of the rule when port 0 is watched.
 */
export const NFT_SHORT_UDP = `meta l4proto udp ip hdrlength . ip length { ${Array.from({ length: 11 }, (_, i) => `${i + 5} . ${(i + 5) * 4}-${(i + 5) * 4 + 3}`).join(', ')} }`;

/** IPv6 packets whose transport header comes after an AH header (see nftMatch6) */
const NFT_AH = 'meta l4proto ah';

/**
 * The match of ENABLE_IPV6's rules in our `ip6` table: the IPv4 match without its second line
 * (NFT_SHORT_UDP reads the IPv4 header; 1.2's short-datagram quirk has no IPv6 side). In the ip6
 * family the kernel finds `tcp`/`udp` after the extension headers, but stops at an AH header
 * (nftables' l4proto is then 51), so a second rule hands over every AH packet and the decoder
 * (packet-decode6.ts) finds what follows it, the ports and the flags.
 */
export const nftMatch6 = (spec: WatchSpec): string | null => {
  const main = nftMatch(spec)?.split('\n')[0];
  return main === undefined ? null : `${main}\n${NFT_AH}`;
};

/**
 * The tap filter for IPv6 (the fallback on "any"): inbound IPv6 to one of `localAddresses`. Ports,
 * flags and fragments are left to the decoder, which walks the extension headers libpcap's
 * "tcp" and "dst port" would not.
 */
export const bpfFilter6 = (spec: WatchSpec, localAddresses: string[] = []): string => {
  if (watchesNothing(spec)) return '';
  const parts = ['inbound', 'ip6'];
  if (localAddresses.length > 0) parts.push(`(${localAddresses.map((a) => `dst host ${a}`).join(' or ')})`);
  return parts.join(' and ');
};
