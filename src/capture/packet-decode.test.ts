import { describe, expect, it } from 'vitest';
import { decodeIpv4, dotted } from './packet-decode.js';
import { ipPacket } from '../../test-support/test-packets.js';

describe('decodeIpv4', () => {
  it('reads the source, the destination port and the flags of a TCP SYN', () => {
    const b = ipPacket({ dport: 1023, flags: 0x02 });
    expect(decodeIpv4(b, 0, b.length, 'TCP')).toEqual({
      kind: 'packet',
      proto: 'TCP',
      source: '127.1.2.3',
      ihl: 5,
      dport: 1023,
      flags: 2,
    });
  });
  it('finds the TCP header after IP options (IHL 15)', () => {
    const b = ipPacket({ optionBytes: 40, dport: 79, flags: 0x29 });
    expect(decodeIpv4(b, 0, b.length, 'TCP')).toMatchObject({ kind: 'packet', ihl: 15, dport: 79, flags: 0x29 });
  });
  it('reads a UDP destination port', () => {
    const b = ipPacket({ proto: 17, dport: 53, source: [127, 0, 0, 2] });
    expect(decodeIpv4(b, 0, b.length, 'UDP')).toEqual({
      kind: 'packet',
      proto: 'UDP',
      source: '127.0.0.2',
      ihl: 5,
      dport: 53,
      flags: 0,
    });
  });
  it('reports an IHL below 5 with the source, as PacketReadTCP does', () => {
    const b = ipPacket({ ihl: 4 });
    expect(decodeIpv4(b, 0, b.length, 'TCP')).toEqual({
      kind: 'illegal-ihl',
      proto: 'TCP',
      source: '127.1.2.3',
      ihl: 4,
    });
  });
  it('skips a packet of the other protocol, as a raw socket of one protocol never sees it', () => {
    const b = ipPacket({ proto: 17 });
    expect(decodeIpv4(b, 0, b.length, 'TCP')).toEqual({ kind: 'skip', why: 'other-protocol' });
  });
  it('skips IPv6 and other versions', () => {
    const b = ipPacket({ version: 6 });
    expect(decodeIpv4(b, 0, b.length, 'TCP')).toEqual({ kind: 'skip', why: 'not-ipv4' });
  });
  it('skips a later fragment, which has no transport header', () => {
    const b = ipPacket({ fragment: 0x0001 });
    expect(decodeIpv4(b, 0, b.length, 'TCP')).toEqual({ kind: 'skip', why: 'later-fragment' });
  });
  it('keeps a first fragment (more-fragments set, offset 0)', () => {
    const b = ipPacket({ fragment: 0x2000 });
    expect(decodeIpv4(b, 0, b.length, 'TCP')).toMatchObject({ kind: 'packet' });
  });
  it('skips a packet cut before the TCP flags, or before 20 bytes of IP header', () => {
    const b = ipPacket();
    expect(decodeIpv4(b, 0, 33, 'TCP')).toEqual({ kind: 'skip', why: 'truncated' });
    expect(decodeIpv4(b, 0, 19, 'TCP')).toEqual({ kind: 'skip', why: 'truncated' });
    expect(decodeIpv4(b, 0, 34, 'TCP')).toMatchObject({ kind: 'packet' });
  });
  it('skips a packet whose total length ends before its transport header, ignoring link padding', () => {
    const b = ipPacket({ totalLength: 24, padding: 30 });
    expect(decodeIpv4(b, 0, b.length, 'TCP')).toEqual({ kind: 'skip', why: 'truncated' });
  });
  it('reads a whole UDP datagram of 0 to 3 bytes as port 0, or its high byte alone for 3, as PacketReadUDP does in 1.2', () => {
    const at = (udpBytes: number, dport: number, padding = 0): unknown => {
      const b = ipPacket({ proto: 17, dport, totalLength: 20 + udpBytes, padding });
      return decodeIpv4(b, 0, b.length, 'UDP');
    };
    const port = (dport: number) => ({ kind: 'packet', proto: 'UDP', source: '127.1.2.3', ihl: 5, dport, flags: 0 });
    expect([0, 1, 2, 3].map((n) => at(n, 263))).toEqual([port(0), port(0), port(0), port(256)]);
    expect(at(1, 263, 30)).toEqual(port(0));
    // but not one the capture cut, nor a total length shorter than the IP header
    const cut = ipPacket({ proto: 17, dport: 7, totalLength: 23 });
    expect(decodeIpv4(cut, 0, 22, 'UDP')).toEqual({ kind: 'skip', why: 'truncated' });
    const inside = ipPacket({ proto: 17, dport: 7, optionBytes: 8, totalLength: 24 });
    expect(decodeIpv4(inside, 0, inside.length, 'UDP')).toEqual({ kind: 'skip', why: 'truncated' });
  });
  it('finds a short UDP datagram after IP options', () => {
    const b = ipPacket({ proto: 17, dport: 0x4142, optionBytes: 8, totalLength: 31 });
    expect(decodeIpv4(b, 0, b.length, 'UDP')).toMatchObject({ kind: 'packet', ihl: 7, dport: 0x4100 });
  });
  it('reads a packet at an offset inside a larger buffer, never past its end', () => {
    const inner = ipPacket({ dport: 7, proto: 17 });
    const b = Buffer.concat([Buffer.alloc(16, 0xee), inner]);
    expect(decodeIpv4(b, 16, b.length, 'UDP')).toMatchObject({ kind: 'packet', dport: 7 });
    expect(decodeIpv4(b, 16, b.length + 100, 'UDP')).toMatchObject({ kind: 'packet', dport: 7 });
  });
  it('never throws on garbage', () => {
    for (let n = 0; n < 200; n++) {
      const junk = Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff));
      expect(() => decodeIpv4(junk, 0, junk.length, 'TCP')).not.toThrow();
    }
  });
});

describe('dotted', () => {
  it('prints four bytes as inet_ntoa does', () => {
    expect(dotted(Buffer.from([10, 0, 255, 1]), 0)).toBe('10.0.255.1');
  });
});

describe('decodeIpv4 with a span that is not a number', () => {
  it('counts a NaN end or start as too short instead of reading past the buffer (found by the fuzz suite)', () => {
    const header = Buffer.from([64, 0, 0, 0, 0, 0, 0, 0, 0, 17]);
    expect(decodeIpv4(header, 0, NaN, 'UDP')).toEqual({ kind: 'skip', why: 'truncated' });
    expect(decodeIpv4(header, NaN, 10, 'UDP')).toEqual({ kind: 'skip', why: 'truncated' });
  });
});
