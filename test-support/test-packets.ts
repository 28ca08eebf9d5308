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
