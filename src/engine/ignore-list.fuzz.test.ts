import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout } from '../../test-support/fuzz.js';
import { log } from '../messages/legacy-messages.js';
import { addressMatches, neverBlock, readIgnoreEntries } from './ignore-list.js';

const dir = mkdtempSync(join(tmpdir(), 'ps-ignore-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'ignore');

const check = (content: string, target: string): { verdict: string; lines: string[] } => {
  writeFileSync(file, content, 'latin1');
  const lines: string[] = [];
  return { verdict: neverBlock(target, file, (t) => lines.push(t)), lines };
};

type Quad = [number, number, number, number];
const quad = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
const text = (q: Quad): string => q.join('.');
const value = (q: Quad): bigint => q.reduce((acc, x) => acc * 256n + BigInt(x), 0n);
const fromValue = (v: bigint): Quad => [24n, 16n, 8n, 0n].map((s) => Number((v >> s) & 255n)) as Quad;

/**
 * CompareIPs() as a model: the first `bits` bits of both addresses are equal. 1.2 shifts
 * 0xFFFFFFFF by 32 - bits on x86, where a count of 32 is taken modulo 32: /0 compares every bit.
 */
const modelMatches = (entry: Quad, bits: number, target: Quad): boolean => {
  const keep = bits === 0 ? 32 : bits;
  const drop = BigInt(32 - keep);
  return value(entry) >> drop === value(target) >> drop;
};

/** a target near the entry: the same, one bit flipped, or anywhere */
const targetFor = (entry: Quad): fc.Arbitrary<Quad> =>
  fc.oneof(
    fc.constant(entry),
    fc.nat(31).map((bit) => fromValue(value(entry) ^ (1n << BigInt(bit)))),
    quad,
  );

const latin1Char = fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c));

describe('the ignore file, fuzzed', () => {
  it(
    'reads any text without throwing: entries hold only digits, dots and colons, and neverBlock answers ignored or not-ignored',
    () => {
      const pieces = fc.oneof(
        fc.string({ unit: latin1Char, maxLength: 30 }),
        fc.constantFrom(
          '\n',
          '#',
          '/',
          '.',
          ':',
          '/0',
          '/33',
          '/-1',
          '127.0.0.1',
          '0x7f.1',
          '1/2/3',
          '\0',
          ' ',
          '\r\n',
        ),
        fc.integer({ min: 1000, max: 1100 }).map((n) => '1'.repeat(n)),
      );
      fc.assert(
        fc.property(fc.array(pieces, { maxLength: 30 }), quad, (parts, target) => {
          const content = parts.join('');
          for (const e of readIgnoreEntries(content)) {
            expect(e.address).toMatch(/^[0-9.:]*$/);
            expect(e.maskText).toMatch(/^[0-9.:/]*$/);
            expect(Number.isInteger(e.bits)).toBe(true);
            expect(e.valid).toBe(e.bits >= 0 && e.bits <= 32);
          }
          const r = check(content, text(target));
          expect(['ignored', 'not-ignored']).toContain(r.verdict);
          for (const line of r.lines)
            expect(line).toMatch(/^adminalert: Invalid netmask in config file: [^]* {2}Ignoring entry\.\n$/);
        }),
        fuzzParams<[string[], Quad]>([]),
      );
    },
    fuzzTimeout(),
  );

  it(
    'an entry A/N ignores exactly the addresses whose first N bits are those of A (N = 0: A alone, as on x86)',
    () => {
      fc.assert(
        fc.property(
          quad.chain((entry) =>
            fc.tuple(
              fc.constant(entry),
              fc.integer({ min: 0, max: 32 }),
              targetFor(entry),
              fc.constantFrom('', ' # note', '\t', '\r'),
            ),
          ),
          ([entry, bits, target, tail]) => {
            const want = modelMatches(entry, bits, target);
            const entries = [...readIgnoreEntries(`${text(entry)}/${bits}${tail}\n`)];
            expect(entries.map((e) => [e.address, e.bits, e.valid])).toEqual([[text(entry), bits, true]]);
            expect(addressMatches(text(target), entries[0]!)).toBe(want);
            // without a mask, an entry is /32
            const bare = [...readIgnoreEntries(`${text(entry)}${tail}\n`)];
            expect(addressMatches(text(target), bare[0]!)).toBe(text(entry) === text(target));
          },
        ),
        fuzzParams<[[Quad, number, Quad, string]]>([]),
      );
    },
    fuzzTimeout(),
  );

  /** one line of a file: an entry with a mask in or out of 0-32 (or an empty one, atoi's 0), a comment, or nothing */
  type Line =
    | { kind: 'entry'; address: Quad; mask: string; tail: string }
    | { kind: 'comment'; text: string }
    | { kind: 'blank' };
  const line = (target: Quad): fc.Arbitrary<Line> =>
    fc.oneof(
      {
        weight: 5,
        arbitrary: fc.record({
          kind: fc.constant('entry' as const),
          address: fc.oneof(quad, targetFor(target)),
          mask: fc.oneof(
            fc.integer({ min: 0, max: 32 }).map((n) => `/${n}`),
            fc.constantFrom('', '/', '/33', '/-1', '/99999999999', '/4294967304', '/24/8', '/+8', '/8.5', '/2 4'),
          ),
          tail: fc.constantFrom('', ' host', '\t# x', '\r'),
        }),
      },
      {
        weight: 1,
        arbitrary: fc
          .string({ unit: latin1Char, maxLength: 20 })
          .map((t) => ({ kind: 'comment' as const, text: `#${t.replaceAll('\n', '')}` })),
      },
      { weight: 1, arbitrary: fc.constant({ kind: 'blank' as const }) },
    );

  it(
    'neverBlock: the first entry that matches wins, and each invalid netmask before it is reported and skipped',
    () => {
      fc.assert(
        fc.property(
          quad.chain((target) => fc.tuple(fc.constant(target), fc.array(line(target), { maxLength: 12 }))),
          ([target, lines]) => {
            const rendered = lines.map(
              (l) =>
                (l.kind === 'entry' ? `${text(l.address)}${l.mask}${l.tail}` : l.kind === 'comment' ? l.text : '') +
                '\n',
            );
            const expectedLines: string[] = [];
            let verdict = 'not-ignored';
            for (const [i, l] of lines.entries()) {
              if (l.kind !== 'entry') continue;
              // the mask is atoi of what follows the first '/' up to the first byte not a digit, '.', ':' or '/'
              const maskText = l.mask === '' ? '32' : l.mask.slice(1).replace(/[^0-9.:/].*$/, '');
              const m = /^[+-]?[0-9]*/.exec(maskText)![0];
              // atoi: strtol's long, then the int's low 32 bits
              const bits = m === '' || m === '+' || m === '-' ? 0 : Number(BigInt.asIntN(32, BigInt(m)));
              if (bits < 0 || bits > 32) {
                expectedLines.push(log.invalidNetmask(rendered[i]!));
                continue;
              }
              if (modelMatches(l.address, bits, target)) {
                verdict = 'ignored';
                break;
              }
            }
            expect(check(rendered.join(''), text(target))).toEqual({ verdict, lines: expectedLines });
          },
        ),
        fuzzParams<[[Quad, Line[]]]>([]),
      );
    },
    fuzzTimeout(),
  );
});
