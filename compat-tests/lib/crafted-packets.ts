/**
 * Crafted packets for the stealth-mode scenarios: IPv4 + TCP/UDP frames built byte by byte and
 * injected on `lo` with libpcap (cap's send) inside the scenario's own namespace. Frames sent on
 * lo are received by the stack as if they came from a scanner (EN10MB, zero MACs).
 *
 * Sources are scanner addresses (127.0.0.x, 127.1.x.y) and the destination is always 127.0.0.1.
 * Injected packets from 127/8 are only routed when lo accepts them (route_localnet), which the
 * sender sets in the namespace, for both implementations alike.
 */
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import dgram from 'node:dgram';

export interface CraftedPacket {
  proto: 'tcp' | 'udp';
  from: string;
  port: number;
  /** TCP flags as letters: S(YN) F(IN) R(ST) P(SH) A(CK) U(RG) E(CE) C(WR); "" for none. Default "S". */
  flags?: string;
  /** bytes of IP options (NOPs ending with EOL), a multiple of 4 up to 40 */
  options?: number;
  /** write this IHL instead of the true one (e.g. 4: an illegal header length) */
  ihl?: number;
  /** keep only this many bytes of the IP datagram (a truncated packet; total length unchanged) */
  truncate?: number;
  /** 'first': more-fragments set; 'later': offset 8 bytes, no transport header */
  fragment?: 'first' | 'later';
  /** send the same packet this many times (default 1) */
  count?: number;
  /** UDP only: the datagram's transport part has only this many bytes (0-3: shorter than the
   * ports; the IP total length says so, the frame ends there) */
  udpBytes?: number;
}

const FLAG_BITS: Record<string, number> = { F: 0x01, S: 0x02, R: 0x04, P: 0x08, A: 0x10, U: 0x20, E: 0x40, C: 0x80 };

const flagsByte = (letters: string): number => {
  let b = 0;
  for (const ch of letters) {
    const bit = FLAG_BITS[ch];
    if (bit === undefined) throw new Error(`crafted packet: expected TCP flag letters from SFRPAUEC, found "${ch}"`);
    b |= bit;
  }
  return b;
};

const sum16 = (buf: Buffer, start: number, end: number, init = 0): number => {
  let s = init;
  for (let i = start; i < end; i += 2) s += (buf[i]! << 8) + (i + 1 < end ? buf[i + 1]! : 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
};

const isScanner = (a: string): boolean => /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a) && a !== '127.0.0.1';

let ipId = 1;

/** The Ethernet frame (zero MACs) carrying one crafted packet from `p.from` to 127.0.0.1. */
export const buildFrame = (p: CraftedPacket, sourcePort = 40000): Buffer => {
  if (!isScanner(p.from)) throw new Error(`crafted packet: source ${p.from} is not a 127.x.y.z scanner address`);
  const optLen = p.options ?? 0;
  if (optLen % 4 !== 0 || optLen < 0 || optLen > 40)
    throw new Error(`crafted packet: options must be a multiple of 4 up to 40, found ${optLen}`);
  const ipLen = 20 + optLen;
  const short = p.proto === 'udp' && p.udpBytes !== undefined;
  if (short && !(Number.isInteger(p.udpBytes) && p.udpBytes! >= 0 && p.udpBytes! <= 8))
    throw new Error(`crafted packet: udpBytes must be 0 to 8, found ${p.udpBytes}`);
  const l4Len = p.proto === 'tcp' ? 20 : short ? 8 : 8 + 1;
  const later = p.fragment === 'later';
  const total = ipLen + (later ? 8 : l4Len);
  const frame = Buffer.alloc(14 + total);
  frame.writeUInt16BE(0x0800, 12);
  const ip = 14;
  frame[ip] = 0x40 | (p.ihl ?? ipLen / 4);
  frame.writeUInt16BE(total, ip + 2);
  frame.writeUInt16BE(ipId++ & 0xffff, ip + 4);
  frame.writeUInt16BE(p.fragment === 'first' ? 0x2000 : later ? 1 : 0, ip + 6);
  frame[ip + 8] = 64;
  frame[ip + 9] = p.proto === 'tcp' ? 6 : 17;
  p.from.split('.').forEach((x, i) => (frame[ip + 12 + i] = Number(x)));
  [127, 0, 0, 1].forEach((x, i) => (frame[ip + 16 + i] = x));
  for (let i = 0; i < optLen; i++) frame[ip + 20 + i] = i === optLen - 1 ? 0 : 1; // NOPs, then EOL
  frame.writeUInt16BE(~sum16(frame, ip, ip + ipLen) & 0xffff, ip + 10);
  const l4 = ip + ipLen;
  if (!later) {
    frame.writeUInt16BE(sourcePort, l4);
    frame.writeUInt16BE(p.port, l4 + 2);
    if (p.proto === 'tcp') {
      frame.writeUInt32BE(0x01020304, l4 + 4);
      frame[l4 + 12] = 0x50;
      frame[l4 + 13] = flagsByte(p.flags ?? 'S');
      frame.writeUInt16BE(1024, l4 + 14);
    } else {
      frame.writeUInt16BE(l4Len, l4 + 4);
      frame[l4 + 8] = 0x78; // "x"
    }
    const pseudo = sum16(frame, ip + 12, ip + 20, frame[ip + 9]! + l4Len);
    const csum = ~sum16(frame, l4, l4 + l4Len, pseudo) & 0xffff;
    frame.writeUInt16BE(p.proto === 'udp' && csum === 0 ? 0xffff : csum, l4 + (p.proto === 'tcp' ? 16 : 6));
  }
  if (short) {
    // the header as written above, cut after udpBytes; the IP header says the datagram ends there
    const cut = ipLen + p.udpBytes!;
    frame.writeUInt16BE(cut, ip + 2);
    frame.writeUInt16BE(0, ip + 10);
    frame.writeUInt16BE(~sum16(frame, ip, ip + ipLen) & 0xffff, ip + 10);
    return frame.subarray(0, 14 + cut);
  }
  return p.truncate === undefined ? frame : frame.subarray(0, 14 + Math.min(total, p.truncate));
};

interface CapSession {
  open(device: string, filter: string, bufSize: number, buffer: Buffer): string;
  send(buffer: Buffer, size?: number): void;
  close(): boolean;
}

/** Sends every packet, in order, on lo. Must run inside a namespace made for the test. */
export const sendCrafted = (packets: CraftedPacket[]): void => {
  writeFileSync('/proc/sys/net/ipv4/conf/lo/route_localnet', '1');
  writeFileSync('/proc/sys/net/ipv4/conf/all/route_localnet', '1');
  const { Cap } = createRequire(import.meta.url)('cap') as { Cap: new () => CapSession };
  const session = new Cap();
  session.open('lo', '', 1 << 20, Buffer.alloc(65535));
  try {
    let sourcePort = 40000;
    for (const p of packets) {
      for (let i = 0; i < (p.count ?? 1); i++) {
        const frame = buildFrame(p, sourcePort++);
        session.send(frame, frame.length);
      }
    }
  } finally {
    session.close();
  }
};

/** A port held after the start (for smart-verify): bound on 0.0.0.0 without SO_REUSEADDR. */
export const holdPort = async (proto: 'tcp' | 'udp', port: number): Promise<net.Server | dgram.Socket> => {
  if (proto === 'tcp') {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, host: '0.0.0.0', exclusive: true }, () => resolve());
    });
    return server;
  }
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: false });
  await new Promise<void>((resolve) => socket.bind({ port, address: '0.0.0.0', exclusive: true }, () => resolve()));
  return socket;
};
