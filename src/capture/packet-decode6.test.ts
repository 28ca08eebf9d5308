import { describe, expect, it } from 'vitest';
import { decodeIpv6, MAX_HEADERS } from './packet-decode6.js';
import {
  ahHeader,
  fd00,
  fragmentHeader,
  ip6Packet,
  optionsHeader,
  type ExtHeader,
} from '../../test-support/test-packets.js';

const decode = (b: Buffer, proto: 'TCP' | 'UDP' = 'TCP') => decodeIpv6(b, 0, b.length, proto);

describe('decodeIpv6', () => {
  it('reads the source, the destination port and the flags of a TCP SYN with no extension header', () => {
    expect(decode(ip6Packet({ dport: 1023, flags: 0x02 }))).toEqual({
      kind: 'packet',
      proto: 'TCP',
      source: 'fd00::2',
      dport: 1023,
      flags: 2,
      headers: 0,
    });
  });
  it('reads a UDP destination port', () => {
    expect(decode(ip6Packet({ proto: 17, dport: 53 }), 'UDP')).toEqual({
      kind: 'packet',
      proto: 'UDP',
      source: 'fd00::2',
      dport: 53,
      flags: 0,
      headers: 0,
    });
  });
  it('writes the source in RFC 5952 form, and an IPv4-mapped source as its dotted quad', () => {
    const source = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x99];
    expect(decode(ip6Packet({ source }))).toMatchObject({ source: '2001:db8::99' });
    const mapped = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 1, 2, 3];
    expect(decode(ip6Packet({ source: mapped }))).toMatchObject({ source: '127.1.2.3' });
  });
  it('reads port 0 as port 0', () => {
    expect(decode(ip6Packet({ dport: 0 }))).toMatchObject({ kind: 'packet', dport: 0 });
    expect(decode(ip6Packet({ proto: 17, dport: 0 }), 'UDP')).toMatchObject({ kind: 'packet', dport: 0 });
  });

  describe('the extension-header chain', () => {
    const cases: [string, ExtHeader[]][] = [
      ['hop-by-hop options (8 bytes)', [optionsHeader(0)]],
      ['hop-by-hop options (24 bytes)', [optionsHeader(0, 2)]],
      ['a routing header', [optionsHeader(43, 1)]],
      ['destination options', [optionsHeader(60)]],
      ['an AH header, (length + 2) * 4 bytes', [ahHeader(4)]],
      ['a first fragment (offset 0, more to come)', [fragmentHeader(0, true)]],
      ['an atomic fragment (offset 0, no more)', [fragmentHeader(0)]],
      [
        'all of them in the order RFC 8200 recommends',
        [
          optionsHeader(0),
          optionsHeader(60),
          optionsHeader(43),
          fragmentHeader(0, true),
          ahHeader(1),
          optionsHeader(60, 1),
        ],
      ],
    ];
    for (const [what, headers] of cases) {
      it(`finds the TCP header after ${what}`, () => {
        expect(decode(ip6Packet({ headers, dport: 79, flags: 0x29 }))).toEqual({
          kind: 'packet',
          proto: 'TCP',
          source: 'fd00::2',
          dport: 79,
          flags: 0x29,
          headers: headers.length,
        });
      });
    }
    it(`walks ${MAX_HEADERS} headers and no more`, () => {
      const eight = Array.from({ length: MAX_HEADERS }, () => optionsHeader(60));
      expect(decode(ip6Packet({ headers: eight }))).toMatchObject({ kind: 'packet', headers: 8 });
      expect(decode(ip6Packet({ headers: [...eight, optionsHeader(60)] }))).toEqual({
        kind: 'skip',
        why: 'too-many-headers',
      });
    });
    it('counts a chain that loops (destination options naming destination options, 100 times) as too many headers', () => {
      const b = ip6Packet({ headers: Array.from({ length: 100 }, () => optionsHeader(60)) });
      expect(decode(b)).toEqual({ kind: 'skip', why: 'too-many-headers' });
    });
    it('counts a header naming itself whose length runs into the transport bytes as truncated', () => {
      // the TCP source port 40000 (0x9c40) read as next header 0x9c and length 0x40: 520 bytes
      expect(decode(ip6Packet({ headers: [optionsHeader(60)], proto: 60 }))).toEqual({
        kind: 'skip',
        why: 'truncated',
      });
    });
    it('refuses hop-by-hop options anywhere but first, as the kernel does', () => {
      expect(decode(ip6Packet({ headers: [optionsHeader(60), optionsHeader(0)] }))).toEqual({
        kind: 'skip',
        why: 'misplaced-hop-by-hop',
      });
    });
    it('stops at ESP, at no-next-header, at ICMPv6 and at a header it does not know', () => {
      expect(decode(ip6Packet({ headers: [optionsHeader(60)], proto: 50 }))).toEqual({ kind: 'skip', why: 'esp' });
      expect(decode(ip6Packet({ proto: 59 }))).toEqual({ kind: 'skip', why: 'no-next-header' });
      expect(decode(ip6Packet({ proto: 58 }))).toEqual({ kind: 'skip', why: 'other-protocol' });
      expect(decode(ip6Packet({ headers: [fragmentHeader(0)], proto: 135 }))).toEqual({
        kind: 'skip',
        why: 'unknown-header',
      });
    });
    it('skips the other transport protocol, as a raw socket of one protocol never sees it', () => {
      expect(decode(ip6Packet({ proto: 17 }), 'TCP')).toEqual({ kind: 'skip', why: 'other-protocol' });
      expect(decode(ip6Packet({ proto: 6 }), 'UDP')).toEqual({ kind: 'skip', why: 'other-protocol' });
    });
  });

  describe('fragments', () => {
    it('skips every later fragment, whatever its offset and more-fragments bit', () => {
      for (const offset of [1, 2, 185, 0x1fff])
        for (const more of [false, true])
          expect(decode(ip6Packet({ headers: [fragmentHeader(offset, more)] }))).toEqual({
            kind: 'skip',
            why: 'later-fragment',
          });
    });
    it('skips a later fragment that follows other headers', () => {
      expect(decode(ip6Packet({ headers: [optionsHeader(0), fragmentHeader(3, true)] }))).toEqual({
        kind: 'skip',
        why: 'later-fragment',
      });
    });
    it('counts a first fragment too short for the TCP flags as truncated', () => {
      const b = ip6Packet({ headers: [fragmentHeader(0, true)] });
      expect(decode(b.subarray(0, 40 + 8 + 13))).toEqual({ kind: 'skip', why: 'truncated' });
      expect(decode(b.subarray(0, 40 + 8 + 14))).toMatchObject({ kind: 'packet', dport: 11 });
    });
    it('reads the fragment offset from its 13 bits only (the reserved bits and M do not make it later)', () => {
      const h = fragmentHeader(0, true);
      h.body[2] = 0x07;
      expect(decode(ip6Packet({ headers: [h] }))).toMatchObject({ kind: 'packet' });
    });
  });

  describe('short and malformed packets', () => {
    it('counts fewer than 40 bytes as truncated, and a version other than 6 as not IPv6', () => {
      expect(decode(ip6Packet().subarray(0, 39))).toEqual({ kind: 'skip', why: 'truncated' });
      expect(decode(Buffer.alloc(0))).toEqual({ kind: 'skip', why: 'truncated' });
      expect(decode(ip6Packet({ version: 4 }))).toEqual({ kind: 'skip', why: 'not-ipv6' });
    });
    it('counts a chain longer than the bytes captured as truncated, at every cut', () => {
      const b = ip6Packet({ headers: [optionsHeader(0, 3), ahHeader(2), fragmentHeader(0, true)] });
      const full = b.length - 20 + 14;
      for (let cut = 40; cut < full; cut++)
        expect(decode(b.subarray(0, cut))).toEqual({ kind: 'skip', why: 'truncated' });
      expect(decode(b.subarray(0, full))).toMatchObject({ kind: 'packet' });
    });
    it('counts a header whose length runs past the payload length as truncated, even with bytes after it', () => {
      const b = ip6Packet({ headers: [optionsHeader(60, 1)], payloadLength: 8 });
      expect(decode(b)).toEqual({ kind: 'skip', why: 'truncated' });
    });
    it('reads up to the captured bytes when the payload length is 0 (a jumbogram)', () => {
      expect(decode(ip6Packet({ headers: [optionsHeader(0)], payloadLength: 0 }))).toMatchObject({ kind: 'packet' });
    });
    it('takes a UDP datagram too short for its port as truncated (1.2 has no IPv6 quirk to mirror)', () => {
      const b = ip6Packet({ proto: 17 });
      expect(decode(b.subarray(0, 43), 'UDP')).toEqual({ kind: 'skip', why: 'truncated' });
      expect(decode(b.subarray(0, 44), 'UDP')).toMatchObject({ kind: 'packet', dport: 11 });
    });
    it('never reads outside [start, end) of a larger buffer, and takes a NaN bound as no bytes', () => {
      const inner = ip6Packet({ dport: 7 });
      const b = Buffer.concat([Buffer.alloc(5, 0xff), inner, Buffer.alloc(5, 0xff)]);
      expect(decodeIpv6(b, 5, 5 + inner.length, 'TCP')).toMatchObject({ kind: 'packet', dport: 7 });
      expect(decodeIpv6(b, Number.NaN, b.length, 'TCP')).toEqual({ kind: 'skip', why: 'truncated' });
      expect(decodeIpv6(b, 5, Number.NaN, 'TCP')).toEqual({ kind: 'skip', why: 'truncated' });
      expect(decodeIpv6(b, 5, 5 + 40 + 13, 'TCP')).toEqual({ kind: 'skip', why: 'truncated' });
    });
    it('takes the fd00::1 destination bytes only as the address, never as the source', () => {
      expect(decode(ip6Packet({ source: fd00(0x1234) }))).toMatchObject({ source: 'fd00::1234' });
    });
  });
});
