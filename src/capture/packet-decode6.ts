/**
 * IPv6 + TCP/UDP header decoding for the stealth and advanced modes (ENABLE_IPV6): the fields
 * packet-decode.ts takes from an IPv4 packet (source, destination port, TCP flags), found after
 * the IPv6 extension-header chain. Never throws: every packet it cannot use is a skip with the
 * reason, which the detector counts (ipv6-counters.ts).
 *
 * The chain: hop-by-hop options (0, first header only, as RFC 8200 and the kernel require), routing
 * (43), destination options (60), each (length + 1) * 8 bytes; authentication (51), (length + 2) * 4
 * bytes; fragment (44), 8 bytes: only a first fragment (offset 0) has the transport header, a later
 * one is skipped. ESP (50), no next header (59) or any other header end the walk. At most
 * MAX_HEADERS extension headers are walked, and none past the bytes captured or the payload length.
 */
import { ipv6Text } from '../engine/ipv6-address.js';
import type { Proto } from './packet-decode.js';

export type Skip6 =
  | 'not-ipv6'
  | 'truncated'
  | 'other-protocol'
  | 'later-fragment'
  | 'esp'
  | 'no-next-header'
  | 'unknown-header'
  | 'misplaced-hop-by-hop'
  | 'too-many-headers';

/** every reason a packet is skipped, in the order the counters list them */
export const SKIPS6: readonly Skip6[] = [
  'not-ipv6',
  'truncated',
  'other-protocol',
  'later-fragment',
  'esp',
  'no-next-header',
  'unknown-header',
  'misplaced-hop-by-hop',
  'too-many-headers',
];

export type Decoded6 =
  | {
      kind: 'packet';
      proto: Proto;
      /** RFC 5952 text (ipv6Text); an IPv4-mapped source as its dotted quad */
      source: string;
      dport: number;
      flags: number;
      /** extension headers walked before the transport header */
      headers: number;
    }
  | { kind: 'skip'; why: Skip6 };

/** extension headers walked at most; more is not a packet anyone sends but a scan of the decoder */
export const MAX_HEADERS = 8;

const IPV6_HEADER = 40;
const HOP_BY_HOP = 0;
const TCP = 6;
const UDP = 17;
const ROUTING = 43;
const FRAGMENT = 44;
const ESP = 50;
const AH = 51;
const ICMPV6 = 58;
const NO_NEXT = 59;
const DEST_OPTS = 60;

const IPPROTO: Record<Proto, number> = { TCP, UDP };
/** bytes of the transport header read: the TCP flags byte is the 14th, the UDP port the 4th */
const NEEDED: Record<Proto, number> = { TCP: 14, UDP: 4 };

const skip = (why: Skip6): Decoded6 => ({ kind: 'skip', why });

/** Decodes the IPv6 packet in buf[start, end) for the mode's protocol `proto`. */
export const decodeIpv6 = (buf: Buffer, start: number, end: number, proto: Proto): Decoded6 => {
  end = Math.min(end, buf.length);
  // written so that a NaN start or end counts as too short (NaN < 40 is false)
  if (!(start >= 0 && end - start >= IPV6_HEADER)) return skip('truncated');
  if (buf[start]! >> 4 !== 6) return skip('not-ipv6');
  // the payload length bounds the chain (0 is a jumbogram's: the captured bytes then)
  const payload = buf.readUInt16BE(start + 4);
  const last = payload === 0 ? end : Math.min(end, start + IPV6_HEADER + payload);
  let next = buf[start + 6]!;
  let at = start + IPV6_HEADER;
  let headers = 0;
  for (;;) {
    if (next === TCP || next === UDP) {
      if (next !== IPPROTO[proto]) return skip('other-protocol');
      if (at + NEEDED[proto] > last) return skip('truncated');
      return {
        kind: 'packet',
        proto,
        source: ipv6Text(buf, start + 8),
        dport: buf.readUInt16BE(at + 2),
        flags: proto === 'TCP' ? buf[at + 13]! : 0,
        headers,
      };
    }
    if (next === ESP) return skip('esp');
    if (next === NO_NEXT) return skip('no-next-header');
    if (next === ICMPV6) return skip('other-protocol');
    if (next !== HOP_BY_HOP && next !== ROUTING && next !== DEST_OPTS && next !== AH && next !== FRAGMENT)
      return skip('unknown-header');
    if (next === HOP_BY_HOP && headers > 0) return skip('misplaced-hop-by-hop');
    if (headers === MAX_HEADERS) return skip('too-many-headers');
    // every extension header starts with its next-header byte and (but the fragment header) a length byte
    if (at + 8 > last) return skip('truncated');
    let length: number;
    if (next === FRAGMENT) {
      if ((buf.readUInt16BE(at + 2) & 0xfff8) !== 0) return skip('later-fragment');
      length = 8;
    } else if (next === AH) length = (buf[at + 1]! + 2) * 4;
    else length = (buf[at + 1]! + 1) * 8;
    if (at + length > last) return skip('truncated');
    next = buf[at]!;
    at += length;
    headers++;
  }
};
