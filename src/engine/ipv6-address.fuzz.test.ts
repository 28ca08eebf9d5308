import { SocketAddress } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout } from '../../test-support/fuzz.js';
import { canonicalIpv6, ipv6Text, isMappedIpv4, parseIpv6 } from './ipv6-address.js';

/** addresses with long zero runs are the interesting ones: draw each group from a few values */
const group = fc.oneof(fc.constant(0), fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 0xffff }));
const address = fc.array(group, { minLength: 8, maxLength: 8 }).map((groups) => {
  const b = new Uint8Array(16);
  groups.forEach((g, i) => {
    b[2 * i] = g >> 8;
    b[2 * i + 1] = g & 0xff;
  });
  return b;
});
/** glibc's inet_ntop writes ::a.b.c.d for the IPv4-compatible ::/96 (RFC 5952 does not) */
const ipv4Compatible = (b: Uint8Array): boolean => b.subarray(0, 12).every((x) => x === 0) && b[12]! + b[13]! > 0;

describe('ipv6Text against glibc', () => {
  it(
    'writes what inet_ntop writes (Node SocketAddress), for all but the mapped and IPv4-compatible forms',
    () => {
      fc.assert(
        fc.property(address, (b) => {
          const ours = ipv6Text(b);
          if (isMappedIpv4(b)) {
            expect(ours).toBe(`${b[12]}.${b[13]}.${b[14]}.${b[15]}`);
            return;
          }
          expect(parseIpv6(ours)).toEqual(b);
          if (ipv4Compatible(b)) return;
          expect(ours).toBe(new SocketAddress({ address: ours, family: 'ipv6' }).address);
        }),
        fuzzParams<[Uint8Array]>([]),
      );
    },
    fuzzTimeout(),
  );
  it(
    'never throws on any text, and what it accepts glibc accepts too',
    () => {
      fc.assert(
        fc.property(fc.stringMatching(/^[0-9a-fA-F:.%/ []{0,46}$/), (text) => {
          const canonical = canonicalIpv6(text);
          if (canonical === null) return;
          expect(() => new SocketAddress({ address: text, family: 'ipv6' })).not.toThrow();
        }),
        fuzzParams<[string]>([]),
      );
    },
    fuzzTimeout(),
  );
});
