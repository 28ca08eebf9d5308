/**
 * IPv6 frames for the stealth benchmarks (ENABLE_IPV6): Ethernet (zero MACs, as lo takes them) +
 * IPv6 + TCP or UDP to fd00::1, the victim address the benchmark namespace puts on its loopback.
 * Sources are fd00::1:0 and on (fd00::1:0 to fd00::1:ffff, then fd00::2:0...), distinct per index:
 * the spoofed scanners of a burst, all inside the namespace's own fd00::/64.
 */
export interface Frame6 {
  proto: 'tcp' | 'udp';
  /** which spoofed source (0, 1, 2...) */
  source: number;
  port: number;
  /** TCP flags byte (default SYN) */
  flags?: number;
}

const VICTIM = [0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

const sum16 = (b: Buffer, from: number, to: number, start = 0): number => {
  let s = start;
  for (let i = from; i + 1 < to; i += 2) s += b.readUInt16BE(i);
  if ((to - from) % 2 === 1) s += b[to - 1]! << 8;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
};

/** the text of spoofed source `n` (as the daemon writes it) */
export const source6Text = (n: number): string =>
  `fd00::${(1 + Math.floor(n / 0x10000)).toString(16)}:${(n & 0xffff).toString(16)}`;

export const buildFrame6 = (f: Frame6, sourcePort = 40000): Buffer => {
  const l4Len = f.proto === 'tcp' ? 20 : 9;
  const frame = Buffer.alloc(14 + 40 + l4Len);
  frame.writeUInt16BE(0x86dd, 12);
  const ip = 14;
  frame[ip] = 0x60;
  frame.writeUInt16BE(l4Len, ip + 4);
  frame[ip + 6] = f.proto === 'tcp' ? 6 : 17;
  frame[ip + 7] = 64;
  frame[ip + 8] = 0xfd;
  frame.writeUInt16BE(1 + Math.floor(f.source / 0x10000), ip + 8 + 12);
  frame.writeUInt16BE(f.source & 0xffff, ip + 8 + 14);
  VICTIM.forEach((x, i) => (frame[ip + 24 + i] = x));
  const l4 = ip + 40;
  frame.writeUInt16BE(sourcePort, l4);
  frame.writeUInt16BE(f.port, l4 + 2);
  if (f.proto === 'tcp') {
    frame.writeUInt32BE(0x01020304, l4 + 4);
    frame[l4 + 12] = 0x50;
    frame[l4 + 13] = f.flags ?? 0x02;
    frame.writeUInt16BE(1024, l4 + 14);
  } else {
    frame.writeUInt16BE(l4Len, l4 + 4);
    frame[l4 + 8] = 0x78;
  }
  // pseudo-header: both addresses, the length and the next header
  const pseudo = sum16(frame, ip + 8, ip + 40, l4Len + frame[ip + 6]!);
  const csum = ~sum16(frame, l4, l4 + l4Len, pseudo) & 0xffff;
  frame.writeUInt16BE(f.proto === 'udp' && csum === 0 ? 0xffff : csum, l4 + (f.proto === 'tcp' ? 16 : 6));
  return frame;
};
