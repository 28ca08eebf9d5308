/** Builds IPv4 packets for the capture tests (no link header). */
interface TestPacket {
  proto?: 6 | 17 | 1;
  source?: [number, number, number, number];
  dport?: number;
  flags?: number;
  optionBytes?: number;
  ihl?: number;
  fragment?: number;
  /** value of the total-length field; default the real length */
  totalLength?: number;
  /** bytes appended after the packet (link padding) */
  padding?: number;
  /** keep only this many bytes */
  cut?: number;
  version?: number;
}

export const ipPacket = (p: TestPacket = {}): Buffer => {
  const proto = p.proto ?? 6;
  const opt = p.optionBytes ?? 0;
  const l4 = proto === 6 ? 20 : 8;
  const len = 20 + opt + l4;
  const b = Buffer.alloc(len + (p.padding ?? 0));
  b[0] = ((p.version ?? 4) << 4) | (p.ihl ?? (20 + opt) / 4);
  b.writeUInt16BE(p.totalLength ?? len, 2);
  b.writeUInt16BE(p.fragment ?? 0, 6);
  b[8] = 64;
  b[9] = proto;
  (p.source ?? [127, 1, 2, 3]).forEach((x, i) => (b[12 + i] = x));
  [127, 0, 0, 1].forEach((x, i) => (b[16 + i] = x));
  const t = 20 + opt;
  b.writeUInt16BE(40000, t);
  b.writeUInt16BE(p.dport ?? 11, t + 2);
  if (proto === 6) {
    b[t + 12] = 0x50;
    b[t + 13] = p.flags ?? 0x02;
  } else b.writeUInt16BE(l4, t + 4);
  return p.cut === undefined ? b : b.subarray(0, p.cut);
};

/** one IPv6 extension header for ip6Packet: its type and the bytes after its next-header byte */
export interface ExtHeader {
  /** 0 hop-by-hop, 43 routing, 44 fragment, 50 ESP, 51 AH, 59 no next header, 60 destination options, or any other */
  type: number;
  /** the header's bytes after the next-header byte (its length byte first, but for a fragment) */
  body: number[];
}

/** A hop-by-hop, routing or destination-options header of (len + 1) * 8 bytes, filled with PadN. */
export const optionsHeader = (type: 0 | 43 | 60, len = 0): ExtHeader => ({
  type,
  body: [len, ...new Array<number>((len + 1) * 8 - 2).fill(0)],
});
/** An AH header of (len + 2) * 4 bytes */
export const ahHeader = (len = 1): ExtHeader => ({
  type: 51,
  body: [len, ...new Array<number>((len + 2) * 4 - 2).fill(0)],
});
/** A fragment header: offset in 8-byte units, the more-fragments bit */
export const fragmentHeader = (offset: number, more = false): ExtHeader => ({
  type: 44,
  body: [0, (offset >> 5) & 0xff, ((offset & 0x1f) << 3) | (more ? 1 : 0), 0, 0, 0, 0x2a],
});

interface TestPacket6 {
  /** the transport protocol after the chain (6, 17, 58, or anything) */
  proto?: number;
  /** the 16 source bytes; default fd00::2 */
  source?: number[];
  dport?: number;
  flags?: number;
  headers?: ExtHeader[];
  /** the payload-length field; default the real length */
  payloadLength?: number;
  /** keep only this many bytes */
  cut?: number;
  version?: number;
}

/** fd00::n as 16 bytes */
export const fd00 = (n: number): number[] => [0xfd, 0, ...new Array<number>(12).fill(0), (n >> 8) & 0xff, n & 0xff];

/** Builds an IPv6 packet (no link header) to fd00::1 with the given extension-header chain. */
export const ip6Packet = (p: TestPacket6 = {}): Buffer => {
  const proto = p.proto ?? 6;
  const headers = p.headers ?? [];
  const l4 = proto === 6 ? 20 : 8;
  const chain = headers.reduce((n, h) => n + 1 + h.body.length, 0);
  const b = Buffer.alloc(40 + chain + l4);
  b[0] = (p.version ?? 6) << 4;
  b.writeUInt16BE(p.payloadLength ?? chain + l4, 4);
  b[6] = headers[0]?.type ?? proto;
  b[7] = 64;
  (p.source ?? fd00(2)).forEach((x, i) => (b[8 + i] = x));
  fd00(1).forEach((x, i) => (b[24 + i] = x));
  let at = 40;
  headers.forEach((h, i) => {
    b[at] = headers[i + 1]?.type ?? proto;
    h.body.forEach((x, j) => (b[at + 1 + j] = x));
    at += 1 + h.body.length;
  });
  b.writeUInt16BE(40000, at);
  b.writeUInt16BE(p.dport ?? 11, at + 2);
  if (proto === 6) {
    b[at + 12] = 0x50;
    b[at + 13] = p.flags ?? 0x02;
  } else b.writeUInt16BE(l4, at + 4);
  return p.cut === undefined ? b : b.subarray(0, p.cut);
};
