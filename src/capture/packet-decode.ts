/**
 * IPv4 + TCP/UDP header decoding for the stealth modes: what PacketReadTCP()/PacketReadUDP() take
 * from a raw socket, read from a captured packet instead. Never throws: a packet too short for
 * the headers, a later fragment or another protocol is reported as skipped, with the reason.
 * A whole UDP datagram too short for its ports is read as 1.2 reads it (see shortUdpPort).
 */
export type Proto = 'TCP' | 'UDP';

export type Decoded =
  | { kind: 'packet'; proto: Proto; source: string; ihl: number; dport: number; flags: number }
  | { kind: 'illegal-ihl'; proto: Proto; source: string; ihl: number }
  | { kind: 'skip'; why: 'not-ipv4' | 'other-protocol' | 'truncated' | 'later-fragment' };

const IPPROTO: Record<Proto, number> = { TCP: 6, UDP: 17 };
/** bytes of the transport header 1.2 needs: the TCP flags byte is the 14th, the UDP port the 4th */
const NEEDED: Record<Proto, number> = { TCP: 14, UDP: 4 };

/** inet_ntoa() of four bytes */
export const dotted = (buf: Buffer, at: number): string => `${buf[at]}.${buf[at + 1]}.${buf[at + 2]}.${buf[at + 3]}`;

/**
 * The destination port of a whole UDP datagram with fewer than 4 bytes after its IP header (its
 * IP total length says so). PacketReadUDP copies the 8-byte header from a 68-byte stack buffer
 * that read() filled only up to the datagram's end; the bytes it never wrote read as 0 in 1.2
 * (measured: "UDP port: 0" for 0 to 2 bytes, the high byte alone for 3), so missing bytes are 0.
 */
const shortUdpPort = (buf: Buffer, l4: number, end: number): number =>
  ((l4 + 2 < end ? buf[l4 + 2]! : 0) << 8) | (l4 + 3 < end ? buf[l4 + 3]! : 0);

/**
 * Decodes the IPv4 packet in buf[start, end) for a raw socket of protocol `proto`.
 * An IHL below 5 is reported as 1.2 reports it (PacketReadTCP); the kernel itself drops such
 * packets before any raw socket or netfilter hook sees them, so this only shows on a tap.
 */
export const decodeIpv4 = (buf: Buffer, start: number, end: number, proto: Proto): Decoded => {
  end = Math.min(end, buf.length);
  // written so that a NaN start or end counts as too short (NaN < 20 is false)
  if (!(start >= 0 && end - start >= 20)) return { kind: 'skip', why: 'truncated' };
  const vihl = buf[start]!;
  if (vihl >> 4 !== 4) return { kind: 'skip', why: 'not-ipv4' };
  if (buf[start + 9] !== IPPROTO[proto]) return { kind: 'skip', why: 'other-protocol' };
  const source = dotted(buf, start + 12);
  const ihl = vihl & 0x0f;
  if (ihl < 5) return { kind: 'illegal-ihl', proto, source, ihl };
  // a raw socket only ever sees whole (reassembled) datagrams; a later fragment has no header
  if ((buf.readUInt16BE(start + 6) & 0x1fff) !== 0) return { kind: 'skip', why: 'later-fragment' };
  const total = buf.readUInt16BE(start + 2);
  const last = total >= 20 ? Math.min(end, start + total) : end;
  const l4 = start + ihl * 4;
  if (l4 + NEEDED[proto] > last) {
    if (proto === 'UDP' && total >= ihl * 4 && start + total <= end) {
      return { kind: 'packet', proto, source, ihl, dport: shortUdpPort(buf, l4, start + total), flags: 0 };
    }
    return { kind: 'skip', why: 'truncated' };
  }
  const dport = buf.readUInt16BE(l4 + 2);
  const flags = proto === 'TCP' ? buf[l4 + 13]! : 0;
  return { kind: 'packet', proto, source, ihl, dport, flags };
};
