import { describe, expect, it } from 'vitest';
import { canonicalAddress, parseAddress } from './address.js';

describe('canonicalAddress', () => {
  it('writes IPv6 in RFC 5952 form: lower case, no leading zeros, the longest zero run compressed (the first of equal ones)', () => {
    expect(canonicalAddress('2001:0DB8:0000:0000:0001:0000:0000:0001')).toBe('2001:db8::1:0:0:1');
    expect(canonicalAddress('2001:db8:0:0:1:0:0:0')).toBe('2001:db8:0:0:1::');
    expect(canonicalAddress('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(canonicalAddress('0:0:0:0:0:0:0:0')).toBe('::');
    expect(canonicalAddress('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(canonicalAddress('FE80::0001')).toBe('fe80::1');
  });
  it('writes an IPv4-mapped address as the IPv4 address, and an IPv4 tail of another address in hex', () => {
    expect(canonicalAddress('::FFFF:192.0.2.7')).toBe('192.0.2.7');
    expect(canonicalAddress('0:0:0:0:0:ffff:c000:0207')).toBe('192.0.2.7');
    expect(canonicalAddress('64:ff9b::192.0.2.7')).toBe('64:ff9b::c000:207');
  });
  it('returns what is not an address unchanged instead of throwing (a zone id, a name from a file)', () => {
    expect(canonicalAddress('fe80::1%eth0')).toBe('fe80::1%eth0');
    expect(canonicalAddress('ALL')).toBe('ALL');
    expect(canonicalAddress('127.0.0.2')).toBe('127.0.0.2');
  });
});

describe('parseAddress', () => {
  it('returns the canonical text of a good argument', () => {
    expect(parseAddress('2001:DB8::0:7')).toBe('2001:db8::7');
    expect(parseAddress('::ffff:127.0.0.2')).toBe('127.0.0.2');
  });
  it('says what is wrong with a zone, brackets and a prefix length', () => {
    expect(() => parseAddress('fe80::1%eth0')).toThrow(
      /^fe80::1%eth0: expected an IPv4 or IPv6 address without a zone \(%eth0\), found a zone id$/,
    );
    expect(() => parseAddress('[::1]')).toThrow(
      /^\[::1\]: expected an IPv6 address without brackets \(::1\), found brackets$/,
    );
    expect(() => parseAddress('10.0.0.0/8')).toThrow(
      /^10\.0\.0\.0\/8: expected one address, found a prefix length \(\/8\): portsentry blocks single hosts$/,
    );
  });
});
