/**
 * What became of every IPv6 packet the stealth and advanced modes captured (ENABLE_IPV6), for a
 * status command to read: none is dropped without being counted. One daemon runs one mode, so
 * one object per process; PacketDetector6 keeps it (packet-detector6.ts).
 */
import { SKIPS6, type Skip6 } from './packet-decode6.js';

/** why a captured IPv6 packet did not become a hit: the decoder's skips and the detector's own */
export type Rejection6 =
  | Skip6
  /** the link header held no IPv6 packet (another NFLOG family, an outgoing copy on a tap) */
  | 'not-ipv6-link'
  /** TCP with ACK or RST, which the stealth loops never look at */
  | 'ack-or-rst'
  /** to a port the mode does not watch (only on a tap: our nft rule matches watched ports only) */
  | 'not-watched'
  /** the port became bound since the start (SmartVerify) */
  | 'port-in-use'
  /** the queue to the engine was full (also logged, as for IPv4) */
  | 'queue-full';

export const REJECTIONS6: readonly Rejection6[] = [
  ...SKIPS6,
  'not-ipv6-link',
  'ack-or-rst',
  'not-watched',
  'port-in-use',
  'queue-full',
];

export interface Ipv6CaptureCounters {
  /** IPv6 packets handed to the detector by the capture */
  captured: number;
  /** packets that went to the engine as hits */
  hits: number;
  /** every other one, by reason */
  rejected: Record<Rejection6, number>;
}

const zeroes = (): Record<Rejection6, number> =>
  Object.fromEntries(REJECTIONS6.map((r) => [r, 0])) as Record<Rejection6, number>;

export const newIpv6Counters = (): Ipv6CaptureCounters => ({ captured: 0, hits: 0, rejected: zeroes() });

/** this process's counters (zero until a stealth mode with ENABLE_IPV6 captures) */
export const ipv6CaptureCounters: Ipv6CaptureCounters = newIpv6Counters();
