import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout } from '../../test-support/fuzz.js';
import { LineSplitter, MAX_LINE_BYTES, type SplitLine } from './line-splitter.js';

/** the lines of `bytes` as a plain split gives them, with the splitter's bound applied */
const expected = (bytes: Uint8Array): { text: string; tooLong: boolean }[] => {
  const text = Buffer.from(bytes).toString('latin1');
  const parts = text.split('\n');
  if (parts.at(-1) === '') parts.pop();
  return parts.map((p) => ({ text: p.slice(0, MAX_LINE_BYTES), tooLong: p.length > MAX_LINE_BYTES }));
};

// bytes rich in newlines, and long runs without one
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc
    .array(fc.oneof(fc.constant(0x0a), fc.integer({ min: 0, max: 255 })), { maxLength: 300 })
    .map((a) => Uint8Array.from(a)),
  fc
    .tuple(fc.integer({ min: MAX_LINE_BYTES - 3, max: MAX_LINE_BYTES * 3 }), fc.uint8Array({ maxLength: 20 }))
    .map(([n, tail]) => Uint8Array.from([...new Uint8Array(n).fill(0x41), 0x0a, ...tail])),
);

describe('LineSplitter, fuzzed', () => {
  it(
    'gives the lines a plain split gives, bounded, numbered, for any bytes cut into any chunks',
    () => {
      fc.assert(
        fc.property(bytes, fc.array(fc.nat(), { maxLength: 8 }), (input, cuts) => {
          const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
          const out: SplitLine[] = [];
          const s = new LineSplitter((l) => out.push(l));
          let from = 0;
          for (const p of [...points, input.length]) {
            s.push(input.subarray(from, p));
            from = p;
          }
          s.end();
          expect(out.map((l) => ({ text: l.text, tooLong: l.tooLong }))).toEqual(expected(input));
          expect(out.map((l) => l.line)).toEqual(out.map((_, i) => i + 1));
          for (const l of out) expect(l.text.length).toBeLessThanOrEqual(MAX_LINE_BYTES);
          const last = out.at(-1);
          if (last !== undefined) expect(last.unterminated).toBe(input.at(-1) !== 0x0a);
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );
});
