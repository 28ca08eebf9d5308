import { describe, expect, it } from 'vitest';
import { cleanIpAddr, cleanIpv6Addr, substString } from './substitute.js';

describe('substString', () => {
  it('replaces every occurrence and counts them', () => {
    expect(substString('1.2.3.4', '$TARGET$', 'a $TARGET$ b $TARGET$')).toEqual({
      count: 2,
      text: 'a 1.2.3.4 b 1.2.3.4',
    });
  });
  it('leaves text without the token as it is with a count of 0', () => {
    expect(substString('x', '$PORT$', 'no token')).toEqual({ count: 0, text: 'no token' });
  });
  it('refuses when text, replacement and token together pass 1024 bytes', () => {
    expect(substString('1.2.3.4', '$TARGET$', `$TARGET$${'a'.repeat(1010)}`)).toEqual({ error: 'too-long' });
  });
  it('refuses instead of overflowing when the result would not fit in 1023 bytes', () => {
    expect(substString('255.255.255.255', '$TARGET$', '$TARGET$'.repeat(100))).toEqual({ error: 'overflow' });
  });
});

describe('cleanIpAddr', () => {
  it('keeps a dotted quad', () => {
    expect(cleanIpAddr('127.0.0.2')).toBe('127.0.0.2');
  });
  it('stops at anything that is not a digit or a dot', () => {
    expect(cleanIpAddr('1.2.3.4; rm -rf /')).toBe('1.2.3.4');
    expect(cleanIpAddr('$(id)')).toBe('');
  });
  it('stops at a fourth digit in an octet, a fourth dot, or 15 characters', () => {
    expect(cleanIpAddr('1234.1.1.1')).toBe('123');
    expect(cleanIpAddr('1.2.3.4.5')).toBe('1.2.3.4');
    expect(cleanIpAddr('111.111.111.1111')).toBe('111.111.111.111');
  });
});

describe('cleanIpv6Addr', () => {
  it('keeps the leading run of hexadecimal digits and colons, at most 39 characters', () => {
    expect(cleanIpv6Addr('2001:db8::99')).toBe('2001:db8::99');
    expect(cleanIpv6Addr('2001:db8::1;touch /tmp/x')).toBe('2001:db8::1');
    expect(cleanIpv6Addr('fe80::1%eth0')).toBe('fe80::1');
    expect(cleanIpv6Addr('$(id)::1')).toBe('');
    expect(cleanIpv6Addr('1111:2222:3333:4444:5555:6666:7777:8888:9999')).toBe(
      '1111:2222:3333:4444:5555:6666:7777:8888',
    );
  });
});
