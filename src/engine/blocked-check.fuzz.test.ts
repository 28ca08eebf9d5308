import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { fuzzParams, fuzzTimeout } from '../../test-support/fuzz.js';
import { BlockedFile } from './blocked-check.js';
import { appendLine } from '../system/append-line.js';

/**
 * The index against 1.2's IsBlocked() written out plainly: for each fgets piece (at most 1023
 * bytes, or through a newline), up to its first NUL, find the first place the address appears,
 * copy the digits and dots from there, compare the copy with the address.
 */
const modelIsBlocked = (content: string, target: string): boolean => {
  let pos = 0;
  while (pos < content.length) {
    let end = pos;
    while (end < content.length && end - pos < 1023) {
      end++;
      if (content[end - 1] === '\n') break;
    }
    let piece = content.slice(pos, end);
    pos = end;
    const nul = piece.indexOf('\0');
    if (nul !== -1) piece = piece.slice(0, nul);
    const at = piece.indexOf(target);
    if (at === -1) continue;
    let copy = '';
    for (let i = at; i < piece.length && /[0-9.]/.test(piece[i]!); i++) copy += piece[i];
    if (copy === target) return true;
  }
  return false;
};

/** addresses from a small range, so that lines and targets meet, plus their look-alikes */
const octet = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('1', '2', '11', '127') },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }).map(String) },
);
const address = fc.tuple(octet, octet, octet, octet).map((p) => p.join('.'));
const lookAlike = fc.oneof(
  address,
  address.map((a) => `1${a}`),
  address.map((a) => `${a}5`),
  address.map((a) => `${a}.`),
  address.map((a) => `0${a}`),
  address.map((a) => a.split('.').slice(1).join('.')),
);
const junk = fc.string({ unit: fc.constantFrom('x', ' ', '/', ':', '\0', '\t', '.', '9', '\n'), maxLength: 30 });
const blockedLine = fc
  .tuple(lookAlike, lookAlike, fc.integer({ min: 0, max: 65535 }))
  .map(
    ([resolved, host, port]) =>
      `1795598147 - 11/25/2026 09:15:47 Host: ${resolved}/${host} Port: ${port} TCP Blocked\n`,
  );
/** the same address twice, once with a digit more: the first occurrence decides */
const twinLine = address.map((a) => `Host: ${a}5/${a} Port: 1\n`);
/** a line cut before its end: the file's last line has no newline until an append goes on with it */
const cutLine = fc.tuple(address, fc.constantFrom('', '5', '.')).map(([a, more]) => `Host: ${a}${more}`);
const longLine = fc.tuple(fc.integer({ min: 990, max: 1030 }), lookAlike).map(([n, a]) => `${'y'.repeat(n)}${a} \n`);
const piece = fc.oneof(
  { weight: 6, arbitrary: blockedLine },
  { weight: 2, arbitrary: twinLine },
  { weight: 2, arbitrary: cutLine },
  { weight: 2, arbitrary: junk },
  { weight: 1, arbitrary: longLine },
);
const text = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));

type Step = { do: 'query'; target: string } | { do: 'append'; text: string } | { do: 'rewrite'; text: string };
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: lookAlike.map((target) => ({ do: 'query' as const, target })) },
  { weight: 3, arbitrary: text.map((t) => ({ do: 'append' as const, text: t })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('5 \n', ' \n', '.9\n', '7').map((t) => ({ do: 'append' as const, text: t })),
  },
  { weight: 1, arbitrary: text.map((t) => ({ do: 'rewrite' as const, text: t })) },
);

describe('BlockedFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ps-blocked-fuzz-'));
  let n = 0;

  it(
    'answers every query as 1.2 reading the whole file would, through appends of ours and rewrites by hand',
    () => {
      fc.assert(
        fc.property(text, fc.array(step, { maxLength: 20 }), (initial, steps) => {
          const path = join(dir, `blocked.${++n}`);
          writeFileSync(path, initial, 'latin1');
          const index = new BlockedFile(path);
          for (const s of steps) {
            if (s.do === 'append') {
              if (appendLine(path, s.text, index.watch) !== true) return false;
            } else if (s.do === 'rewrite') writeFileSync(path, s.text, 'latin1');
            else {
              const expected = modelIsBlocked(readFileSync(path, 'latin1'), s.target);
              if (index.isBlocked(s.target) !== expected) return false;
            }
          }
          return true;
        }),
        fuzzParams<[string, Step[]]>([
          // found by this property: a rewrite by hand, then an append of ours (the append took the whole file as ours)
          [
            '1795598147 - 11/25/2026 09:15:47 Host: 01.1.1.1/10.1.1.1 Port: 0 TCP Blocked\n',
            [
              { do: 'query', target: '11.0.1.1' },
              { do: 'rewrite', text: 'Host: 1.2.127.15/1.2.127.1 Port: 1\n' },
              { do: 'append', text: '1795598147 - 11/25/2026 09:15:47 Host: 01.1.1.1/1.0.1.15 Port: 0 TCP Blocked\n' },
              { do: 'query', target: '1.2.127.15' },
            ],
          ],
          // a last line without its newline goes on: what it blocked changes
          [
            'Host: 1.2.3.4',
            [
              { do: 'query', target: '1.2.3.4' },
              { do: 'append', text: '5 \n' },
              { do: 'query', target: '1.2.3.4' },
            ],
          ],
          // the first occurrence decides: 1.1.1.127 first appears inside 1.1.1.1275
          ['Host: 1.1.1.1275/1.1.1.127 Port: 1\n', [{ do: 'query', target: '1.1.1.127' }]],
        ]),
      );
    },
    fuzzTimeout(),
  );
});
