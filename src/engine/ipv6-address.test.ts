import { describe, expect, it } from 'vitest';
import { canonicalIpv6, ipv6Text, isMappedIpv4, parseIpv6 } from './ipv6-address.js';

const bytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex.replace(/ /g, ''), 'hex'));

describe('ipv6Text writes the RFC 5952 form', () => {
  it('compresses the longest run of zero groups and writes lower case without leading zeros', () => {
    expect(ipv6Text(bytes('2001 0db8 0000 0000 0000 0000 0000 0001'))).toBe('2001:db8::1');
    expect(ipv6Text(bytes('2001 0DB8 00aa 0000 0000 0001 0000 0000'))).toBe('2001:db8:aa::1:0:0');
    expect(ipv6Text(bytes('fd00 0000 0000 0000 0000 0000 0000 0002'))).toBe('fd00::2');
  });
  it('takes the first run on a tie and never compresses a single zero group', () => {
    expect(ipv6Text(bytes('2001 0db8 0000 0000 0001 0000 0000 0001'))).toBe('2001:db8::1:0:0:1');
    expect(ipv6Text(bytes('2001 0db8 0000 0001 0001 0001 0001 0001'))).toBe('2001:db8:0:1:1:1:1:1');
  });
  it('writes the unspecified, loopback and all-ones addresses', () => {
    expect(ipv6Text(new Uint8Array(16))).toBe('::');
    expect(ipv6Text(bytes('0000 0000 0000 0000 0000 0000 0000 0001'))).toBe('::1');
    expect(ipv6Text(bytes('ffff'.repeat(8)))).toBe('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
    expect(ipv6Text(bytes('0001 0000 0000 0000 0000 0000 0000 0000'))).toBe('1::');
  });
  it('writes an IPv4-mapped address as the IPv4 address it carries', () => {
    const mapped = bytes('0000 0000 0000 0000 0000 ffff c000 0201');
    expect(isMappedIpv4(mapped)).toBe(true);
    expect(ipv6Text(mapped)).toBe('192.0.2.1');
    expect(ipv6Text(bytes('0000 0000 0000 0000 0000 fffe c000 0201'))).toBe('::fffe:c000:201');
  });
  it('reads the 16 bytes at the offset it is given', () => {
    expect(ipv6Text(bytes('aaaa 2001 0db8 0000 0000 0000 0000 0000 0063 bbbb'), 2)).toBe('2001:db8::63');
  });
});

describe('parseIpv6 and canonicalIpv6', () => {
  it('read every RFC 4291 form and give the canonical text', () => {
    expect(canonicalIpv6('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(canonicalIpv6('2001:db8::0:1')).toBe('2001:db8::1');
    expect(canonicalIpv6('::')).toBe('::');
    expect(canonicalIpv6('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(canonicalIpv6('64:ff9b::192.0.2.33')).toBe('64:ff9b::c000:221');
    expect(canonicalIpv6('1:2:3:4:5:6:7:8')).toBe('1:2:3:4:5:6:7:8');
  });
  it('refuse zone ids, brackets, prefixes, a second "::", too many groups and bad groups', () => {
    for (const bad of [
      'fe80::1%eth0',
      '[::1]',
      '2001:db8::/32',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7::8',
      '12345::',
      'g::1',
      ':1',
      '1:',
      '1.2.3.4',
      '::1.2.3.256',
      ' ::1',
      '',
    ]) {
      expect([bad, parseIpv6(bad)]).toEqual([bad, null]);
    }
  });
  it('give back the same text for every canonical text it writes', () => {
    for (const text of ['2001:db8::1', '::1', '1::', '2001:db8:0:1:1:1:1:1', 'fd00::2', '::fffe:c000:201']) {
      expect(ipv6Text(parseIpv6(text)!)).toBe(text);
    }
  });
});
