import { describe, expect, it } from 'vitest';
import { Address6Set } from './address6-set.js';
import { parseIpv6 } from './ipv6-address.js';

const a = (text: string): Uint8Array => parseIpv6(text)!;

describe('Address6Set', () => {
  it('holds each address once and tells apart addresses that differ in one byte', () => {
    const set = new Address6Set();
    set.add(a('2001:db8::1'));
    set.add(a('2001:db8::1'));
    set.add(a('::'));
    expect(set.size).toBe(2);
    expect(set.has(a('2001:db8::1'))).toBe(true);
    expect(set.has(a('::'))).toBe(true);
    expect(set.has(a('2001:db8::2'))).toBe(false);
    expect(set.has(a('2001:db9::1'))).toBe(false);
  });
  it('keeps every address as it grows past its first slots, and forgets them all on clear', () => {
    const set = new Address6Set();
    const addresses = Array.from({ length: 5000 }, (_, i) =>
      a(`fd00::${(i >> 8).toString(16)}:${(i & 255).toString(16)}`),
    );
    for (const x of addresses) set.add(x);
    expect(set.size).toBe(5000);
    expect(addresses.every((x) => set.has(x))).toBe(true);
    expect(set.has(a('fd00::1:0:0'))).toBe(false);
    set.clear();
    expect(set.size).toBe(0);
    expect(set.has(addresses[0]!)).toBe(false);
  });
  it('reads the 16 bytes at an offset', () => {
    const set = new Address6Set();
    const buf = new Uint8Array(20);
    buf.set(a('fd00::7'), 4);
    set.add(buf, 4);
    expect(set.has(a('fd00::7'))).toBe(true);
  });
});
