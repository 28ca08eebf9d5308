import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout } from '../../test-support/fuzz.js';
import { KEY_NAMES } from '../lint/keys.js';
import { configFromString, lookupToken, type Lookup } from './config-file.js';

/**
 * ConfigTokenRetrieve() (portsentry_io.c) written again, small and separately from config-file.ts:
 * fgets(buffer, 1024) pieces, the first non-comment piece containing the token whose byte at
 * strlen(token) is '=' or ' ' wins; no '"' in it stops the search; the value runs from after its
 * first '"' to the next '"' or the first byte isprint() refuses.
 */
const model = (content: string, token: string): Lookup => {
  // fgets: a line (up to and including its newline) arrives in pieces of at most 1023 bytes
  const pieces: { raw: string; line: number; column: number }[] = [];
  content.split(/(?<=\n)/).forEach((text, i) => {
    for (let at = 0; at < text.length; at += 1023)
      pieces.push({ raw: text.slice(at, at + 1023), line: i + 1, column: at + 1 });
  });
  for (const { raw, line, column } of pieces) {
    // the C string fgets left in the buffer: up to the first NUL (its own terminator or the file's)
    const buffer = raw.split('\0')[0]!;
    if (buffer[0] === '#') continue;
    if (!buffer.includes(token)) continue;
    const atLength = token.length < buffer.length ? buffer[token.length] : '\0';
    if (atLength !== '=' && atLength !== ' ') continue;
    const quote = buffer.indexOf('"');
    if (quote < 0) return { kind: 'no-quotes', line, column };
    let value = '';
    let stop: string | undefined;
    for (const ch of buffer.slice(quote + 1)) {
      const printable = ch >= ' ' && ch <= '~';
      if (!printable || ch === '"') {
        stop = ch;
        break;
      }
      value += ch;
    }
    const stoppedBy =
      stop === undefined
        ? 'end-of-piece'
        : stop === '"'
          ? 'quote'
          : stop === '\n'
            ? 'end-of-line'
            : stop === '\t'
              ? 'tab'
              : stop === '\r'
                ? 'carriage-return'
                : 'other-byte';
    return { kind: 'found', value, line, column: column + quote + 1, stoppedBy };
  }
  return { kind: 'absent' };
};

const latin1Char = fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c));
const printableChar = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));

/** tokens: 1.2's option names, and any printable text (one that holds '=', ' ', '"' or '#' too) */
const token = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...KEY_NAMES) },
  { weight: 1, arbitrary: fc.string({ unit: printableChar, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom('', 'A', 'TCP', 'PORT', 'K=', 'X Y', '"', '#') },
);

/**
 * Pieces a config text is made of: the token and its near misses, the bytes the rules turn on,
 * any latin1 text, and `pad`, which fills the line up to just before, at or after the 1023-byte
 * point where fgets cuts it (so that a token lands at the start of a second piece).
 */
type Fragment =
  { text: string } | { pad: number; fill: string } | { token: 'exact' | 'eq' | 'sp' | 'prefix' | 'lower' | 'longer' };

const fragment: fc.Arbitrary<Fragment> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .constantFrom<'exact' | 'eq' | 'sp' | 'prefix' | 'lower' | 'longer'>(
        'exact',
        'eq',
        'sp',
        'prefix',
        'lower',
        'longer',
      )
      .map((t) => ({ token: t })),
  },
  {
    weight: 6,
    arbitrary: fc
      .constantFrom('"', '=', ' ', '#', '\n', '\t', '\r', '\0', '\x7f', '\x85', '\xa0', '\xff', '""', '= "', '="')
      .map((text) => ({ text })),
  },
  { weight: 3, arbitrary: fc.string({ unit: printableChar, maxLength: 20 }).map((text) => ({ text })) },
  { weight: 2, arbitrary: fc.string({ unit: latin1Char, maxLength: 20 }).map((text) => ({ text })) },
  {
    weight: 1,
    arbitrary: fc.record({ pad: fc.integer({ min: -3, max: 3 }), fill: fc.constantFrom('x', ' ', '"', '#', '=') }),
  },
);

const render = (fragments: Fragment[], tok: string): string => {
  let out = '';
  for (const f of fragments) {
    if ('text' in f) out += f.text;
    else if ('token' in f) {
      out +=
        f.token === 'exact'
          ? tok
          : f.token === 'eq'
            ? `${tok}="`
            : f.token === 'sp'
              ? `${tok} = "`
              : f.token === 'prefix'
                ? tok.slice(0, -1)
                : f.token === 'lower'
                  ? tok.toLowerCase()
                  : `${tok}_X`;
    } else {
      const lineLength = out.length - (out.lastIndexOf('\n') + 1);
      // bytes to add so that the next one is the 1023rd of its piece, plus pad (-3 to 3)
      const toBoundary = (1023 - (lineLength % 1023)) % 1023;
      const n = toBoundary + f.pad < 0 ? toBoundary + f.pad + 1023 : toBoundary + f.pad;
      out += f.fill.repeat(n);
    }
  }
  return out;
};

/** lines of fragments, many of them starting with the token or a near miss, the last one maybe without its newline */
const configText: fc.Arbitrary<Fragment[]> = fc
  .tuple(
    fc.array(
      fc.tuple(
        fc.option(
          fc.constantFrom<'exact' | 'eq' | 'sp' | 'prefix' | 'lower' | 'longer'>(
            'eq',
            'eq',
            'sp',
            'exact',
            'prefix',
            'lower',
            'longer',
          ),
          { nil: undefined },
        ),
        fc.array(fragment, { maxLength: 8 }),
      ),
      { maxLength: 10 },
    ),
    fc.boolean(),
  )
  .map(([lines, lastNewline]) =>
    lines.flatMap(([start, rest], i) => [
      ...(start === undefined ? [] : [{ token: start }]),
      ...rest,
      ...(i < lines.length - 1 || lastNewline ? [{ text: '\n' }] : []),
    ]),
  );

describe('lookupToken, fuzzed against a model of ConfigTokenRetrieve', () => {
  it(
    'gives what 1.2 gives for any config text and token: first match wins, value cut at the quote or the first unprintable byte, a quoteless match stops the search',
    () => {
      fc.assert(
        fc.property(configText, token, (fragments, tok) => {
          const text = render(fragments, tok);
          expect(lookupToken(configFromString('/fuzz.conf', text), tok)).toEqual(model(text, tok));
        }),
        fuzzParams<[Fragment[], string]>([]),
      );
    },
    fuzzTimeout(),
  );

  it(
    'reads the value of a key=value line whatever comes before it, including lines past 1023 bytes',
    () => {
      fc.assert(
        fc.property(
          configText,
          fc.constantFrom(...KEY_NAMES),
          fc.string({ unit: printableChar, maxLength: 60 }),
          (fragments, tok, raw) => {
            // a value as a well-formed line holds it: printable, no quote
            const value = raw.replaceAll('"', '');
            const before = render(fragments, tok);
            const text = `${before}${before === '' || before.endsWith('\n') ? '' : '\n'}${tok}="${value}"\n`;
            const r = lookupToken(configFromString('/fuzz.conf', text), tok);
            expect(r).toEqual(model(text, tok));
            // when nothing before it matched, the line itself is found, and its value read whole
            const earlier = model(before.endsWith('\n') || before === '' ? before : `${before}\n`, tok);
            if (earlier.kind === 'absent') expect(r).toMatchObject({ kind: 'found', value, stoppedBy: 'quote' });
          },
        ),
        fuzzParams<[Fragment[], string, string]>([]),
      );
    },
    fuzzTimeout(),
  );
});
