import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout } from '../../test-support/fuzz.js';
import { readIpv6Entry } from './ignore-ipv6.js';
import { IgnoreList, neverBlock } from './ignore-list.js';
import { ipv6Text } from './ipv6-address.js';

const dir = mkdtempSync(join(tmpdir(), 'ps-ignore6-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'ignore');

const check = (content: string, target: string, ipv6: boolean): { verdict: string; lines: string[] } => {
  writeFileSync(file, content, 'latin1');
  const lines: string[] = [];
  const verdict = neverBlock(target, file, (t) => lines.push(t), ipv6);
  const cached: string[] = [];
  expect(new IgnoreList(file, ipv6).verdict(target, (t) => cached.push(t))).toBe(verdict);
  expect(cached).toEqual(lines);
  return { verdict, lines };
};

const latin1Char = fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c));
const bytes16 = fc.uint8Array({ minLength: 16, maxLength: 16 });
const value = (b: Uint8Array): bigint => b.reduce((acc, x) => acc * 256n + BigInt(x), 0n);
const fromValue = (v: bigint): Uint8Array => {
  const out = new Uint8Array(16);
  for (let i = 15; i >= 0; i--) {
    out[i] = Number(v & 255n);
    v >>= 8n;
  }
  return out;
};
/** an address with no IPv4-mapped form, so that its text is IPv6 */
const v6 = bytes16.map((b) => (b[0] === 0 ? Uint8Array.from([0x20, ...b.slice(1)]) : b));
/** the eight groups written out in full, upper case: another text of the same address */
const expanded = (b: Uint8Array): string =>
  Array.from({ length: 8 }, (_, g) =>
    ((b[2 * g]! << 8) | b[2 * g + 1]!).toString(16).toUpperCase().padStart(4, '0'),
  ).join(':');
/** the model: the first `bits` bits are equal */
const covers = (entry: Uint8Array, bits: number, target: Uint8Array): boolean => {
  const drop = BigInt(128 - bits);
  return value(entry) >> drop === value(target) >> drop;
};

describe('the IPv6 lines of an ignore file, fuzzed', () => {
  it(
    'reads any text without throwing, with a prefix length of 0 to 128 for every entry it keeps',
    () => {
      const pieces = fc.oneof(
        fc.string({ unit: latin1Char, maxLength: 30 }),
        fc.constantFrom('\n', ':', '::', '/', '/128', '/129', '%', '#', ' ', '::1', 'fd00::', '1.2.3.4', 'ffff:'),
      );
      fc.assert(
        fc.property(fc.array(pieces, { maxLength: 30 }), v6, (parts, target) => {
          const content = parts.join('');
          for (const line of content.split('\n')) {
            const e = readIpv6Entry(`${line}\n`);
            if (e?.kind === 'ok') {
              expect(e.bits).toBeGreaterThanOrEqual(0);
              expect(e.bits).toBeLessThanOrEqual(128);
            }
          }
          const r = check(content, ipv6Text(target), true);
          expect(['ignored', 'not-ignored']).toContain(r.verdict);
          for (const line of r.lines)
            expect(line).toMatch(/^adminalert: Invalid netmask in config file: [^]* {2}Ignoring entry\.\n$/);
        }),
        fuzzParams<[string[], Uint8Array]>([]),
      );
    },
    fuzzTimeout(),
  );

  it(
    'an entry A/N covers exactly the IPv6 addresses whose first N bits are those of A, however A is written',
    () => {
      fc.assert(
        fc.property(
          v6,
          fc.integer({ min: 0, max: 128 }),
          fc.oneof(v6, fc.nat(127)),
          fc.boolean(),
          (entry, bits, near, writeExpanded) => {
            // a target anywhere, or the entry with one bit flipped
            const target = typeof near === 'number' ? fromValue(value(entry) ^ (1n << BigInt(near))) : near;
            const written = writeExpanded ? expanded(entry) : ipv6Text(entry);
            if (target[0] === 0) return;
            const want = covers(entry, bits, target) ? 'ignored' : 'not-ignored';
            expect(check(`${written}/${bits}\n`, ipv6Text(target), true)).toEqual({ verdict: want, lines: [] });
          },
        ),
        fuzzParams<[Uint8Array, number, Uint8Array | number, boolean]>([]),
      );
    },
    fuzzTimeout(),
  );

  it(
    'with ENABLE_IPV6, an IPv4 host gets the verdict and lines of 1.2 from any file without IPv6 lines',
    () => {
      const pieces = fc.oneof(
        fc.string({ unit: latin1Char, maxLength: 20 }).map((s) => s.replaceAll(':', '.')),
        fc.constantFrom('\n', '/', '/0', '/33', '127.0.0.1', '10.0.0.0/8', '#', ' ', '\r\n'),
      );
      const quad = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((q) => q.join('.'));
      fc.assert(
        fc.property(fc.array(pieces, { maxLength: 20 }), quad, (parts, target) => {
          const content = parts.join('');
          expect(check(content, target, true)).toEqual(check(content, target, false));
        }),
        fuzzParams<[string[], string]>([]),
      );
    },
    fuzzTimeout(),
  );
});
