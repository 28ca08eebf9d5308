import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout } from '../../test-support/fuzz.js';
import { MODES } from '../config/modes.js';
import { log } from '../messages/legacy-messages.js';
import { buildResponse } from './kill-commands.js';
import { cleanIpAddr, cleanIpv6Addr, substString } from './substitute.js';

type Option = 'KILL_ROUTE' | 'KILL_HOSTS_DENY' | 'KILL_RUN_CMD';
type Token = '$TARGET$' | '$PORT$' | '$MODE$';

/**
 * SubstString() (portsentry_io.c) as a left-to-right scan: refused when text, replacement and
 * token pass 1024 bytes together; where 1.2 would write a result of 1024 bytes or more past its
 * buffer, ours refuses ('overflow').
 */
const substModel = (
  replace: string,
  find: string,
  text: string,
): { count: number; text: string } | 'too-long' | 'overflow' => {
  if (!text.includes(find)) return { count: 0, text };
  if (text.length + replace.length + find.length > 1024) return 'too-long';
  let out = '';
  let count = 0;
  for (let i = 0; i < text.length;) {
    if (text.startsWith(find, i)) {
      out += replace;
      i += find.length;
      count++;
    } else out += text[i++];
  }
  return out.length >= 1024 ? 'overflow' : { count, text: out };
};

/** what CleanIpAddr() keeps, described rather than computed: the checks a kept prefix passes */
const isCleanPrefix = (kept: string, dirty: string): boolean => {
  if (!dirty.startsWith(kept) || kept.length > 15) return false;
  if (!/^[0-9.]*$/.test(kept) || kept.split('.').length > 4 || /[0-9]{4}/.test(kept)) return false;
  // and it is the longest such prefix: the next character breaks a rule, or 15 were kept
  if (kept.length === 15 || kept.length === dirty.length) return true;
  const longer = dirty.slice(0, kept.length + 1);
  return !/^[0-9.]*$/.test(longer) || longer.split('.').length > 4 || /[0-9]{4}/.test(longer);
};

/** targets: inet_ntoa addresses, and any text at all (shell metacharacters, unicode, newlines) */
const target = fc.oneof(
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((q) => q.join('.')),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc
    .array(
      fc.constantFrom(
        '1',
        '22',
        '333',
        '4444',
        '.',
        '..',
        ';',
        '$(id)',
        '`',
        '|',
        '&',
        '\n',
        ' ',
        "'",
        '"',
        '\\',
        '-',
        '+',
        '/',
        ':',
        'e',
        '0x1f',
        'é',
        '١',
        '０',
        '\u0000',
      ),
      { maxLength: 12 },
    )
    .map((a) => a.join('')),
  // any ASCII after a digit-and-dot start
  fc
    .tuple(
      fc.stringMatching(/^[0-9.]{0,8}$/),
      fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), maxLength: 8 }),
    )
    .map(([a, b]) => a + b),
);

/** a template as a config value holds it: printable bytes, the three tokens, near misses, long runs */
const template = fc
  .array(
    fc.oneof(
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          '$TARGET$',
          '$PORT$',
          '$MODE$',
          '$TARGET',
          'TARGET$',
          '$',
          '$$',
          '$PORT',
          '$MODE',
          ' ',
        ),
      },
      {
        weight: 3,
        arbitrary: fc.string({
          unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
          maxLength: 20,
        }),
      },
      { weight: 1, arbitrary: fc.integer({ min: 900, max: 1022 }).map((n) => 'x'.repeat(n)) },
      // just short enough to pass SubstString's check, with tokens whose values are longer than they are
      {
        weight: 1,
        arbitrary: fc
          .integer({ min: 950, max: 1000 })
          .map((n) => `${'$TARGET$'.repeat(4)}${'y'.repeat(n - 60)}${'$PORT$'.repeat(4)}`),
      },
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join('').slice(0, 1022));

const option = fc.constantFrom<Option>('KILL_ROUTE', 'KILL_HOSTS_DENY', 'KILL_RUN_CMD');
const port = fc.oneof(fc.nat(0xffff), fc.integer());
const mode = fc.constantFrom(...MODES);

describe('$TARGET$, $PORT$ and $MODE$ substitution, fuzzed', () => {
  it(
    'CleanIpAddr keeps only the longest leading run of digits and dots it allows (15 characters, 3 dots, 3 digits an octet)',
    () => {
      fc.assert(
        fc.property(target, (dirty) => {
          const kept = cleanIpAddr(dirty);
          expect(isCleanPrefix(kept, dirty)).toBe(true);
        }),
        fuzzParams<[string]>([]),
      );
    },
    fuzzTimeout(),
  );

  it(
    'substString replaces every occurrence left to right and refuses what 1.2 refuses or would overflow',
    () => {
      fc.assert(
        fc.property(
          fc.string({ maxLength: 40 }),
          fc.constantFrom<Token>('$TARGET$', '$PORT$', '$MODE$'),
          template,
          (replace, find, text) => {
            const want = substModel(replace, find, text);
            expect(substString(replace, find, text)).toEqual(typeof want === 'string' ? { error: want } : want);
          },
        ),
        fuzzParams<[string, Token, string]>([]),
      );
    },
    fuzzTimeout(),
  );

  it(
    "buildResponse gives the command 1.2 builds, at most 1023 bytes, or refuses with 1.2's message; the target reaches it only as digits and dots",
    () => {
      fc.assert(
        fc.property(option, template, target, port, mode, (opt, tpl, dirty, p, m) => {
          const emitted: string[] = [];
          const got = buildResponse(opt, tpl, dirty, p, m, (t) => emitted.push(t));
          // the model: clean the address, then the three substitutions in 1.2's order
          const clean = dirty.slice(
            0,
            [...Array(16).keys()].reverse().find((n) => isCleanPrefix(dirty.slice(0, n), dirty)),
          );
          let text = tpl;
          let refusal: string | null = null;
          for (const [token, value] of [
            ['$TARGET$', clean],
            ['$PORT$', String(p)],
            ['$MODE$', m],
          ] as [Token, string][]) {
            const r = substModel(value, token, text);
            if (r === 'overflow') refusal = log.ours.substitutionTooLong(opt);
            else if (r === 'too-long') refusal = log.tokenParseError(token, opt);
            else if (token === '$TARGET$' && r.count === 0 && opt !== 'KILL_RUN_CMD')
              refusal = log.noTargetVariable(opt);
            else {
              text = r.text;
              continue;
            }
            break;
          }
          if (refusal !== null) {
            expect({ got, emitted }).toEqual({ got: null, emitted: [refusal] });
            return;
          }
          expect({ got, emitted }).toEqual({ got: text, emitted: [] });
          expect(got!.length).toBeLessThanOrEqual(1023);
        }),
        fuzzParams<[Option, string, string, number, string]>([]),
      );
    },
    fuzzTimeout(),
  );

  it(
    'puts only digits and dots in place of $TARGET$ and a decimal number in place of $PORT$, whatever the target holds',
    () => {
      // literal text without digits or dots around the tokens, so that what replaced them can be read back
      const literal = fc.string({ unit: fc.constantFrom('a', ' ', ';', '|', '$', '-', '/', '"', "'"), maxLength: 12 });
      fc.assert(
        fc.property(option, literal, literal, target, port, mode, (opt, before, after, dirty, p, m) => {
          const got = buildResponse(opt, `${before}$TARGET$ ${after}$PORT$`, dirty, p, m, () => {});
          expect(got).not.toBeNull();
          // read back what stands where each token stood
          expect(got!.slice(0, before.length)).toBe(before);
          const rest = got!.slice(before.length);
          const address = /^[0-9.]*/.exec(rest)![0];
          expect(address).toMatch(/^[0-9.]{0,15}$/);
          expect(dirty.startsWith(address)).toBe(true);
          expect(rest.slice(address.length, address.length + 1 + after.length)).toBe(` ${after}`);
          const portText = rest.slice(address.length + 1 + after.length);
          expect(portText).toMatch(/^-?(0|[1-9][0-9]*)$/);
          expect(Number(portText)).toBe(p);
        }),
        fuzzParams<[Option, string, string, string, number, string]>([]),
      );
    },
    fuzzTimeout(),
  );

  it(
    'with ENABLE_IPV6, puts in place of an IPv6 $TARGET$ only hexadecimal digits and colons, at most 39 (in brackets for hosts.deny)',
    () => {
      const literal = fc.string({ unit: fc.constantFrom('x', ' ', ';', '|', '$', '-', '/', '"', "'"), maxLength: 12 });
      // IPv6-looking targets with anything after them, and any text holding a colon
      const v6target = fc.oneof(
        fc
          .tuple(fc.stringMatching(/^[0-9a-fA-F:]{0,45}$/), fc.string({ unit: 'binary', maxLength: 10 }))
          .map(([a, b]) => `${a}:${b}`),
        fc.string({ unit: 'binary', maxLength: 30 }).map((t) => `${t}:`),
        target.map((t) => `:${t}`),
      );
      fc.assert(
        fc.property(option, literal, literal, v6target, port, mode, (opt, before, after, dirty, p, m) => {
          const got = buildResponse(opt, `${before}$TARGET$ ${after}$PORT$`, dirty, p, m, () => {}, true);
          expect(got).not.toBeNull();
          expect(got!.slice(0, before.length)).toBe(before);
          const rest = got!.slice(before.length);
          const bracketed = opt === 'KILL_HOSTS_DENY';
          const shape = bracketed ? /^\[([0-9a-fA-F:]*)\]/ : /^([0-9a-fA-F:]*)/;
          const m6 = shape.exec(rest);
          expect(m6).not.toBeNull();
          const address = m6![1]!;
          expect(address.length).toBeLessThanOrEqual(39);
          expect(dirty.startsWith(address)).toBe(true);
          expect(address).toBe(cleanIpv6Addr(dirty));
          expect(rest.slice(m6![0].length, m6![0].length + 1 + after.length)).toBe(` ${after}`);
          expect(Number(rest.slice(m6![0].length + 1 + after.length))).toBe(p);
        }),
        fuzzParams<[Option, string, string, string, number, string]>([]),
      );
    },
    fuzzTimeout(),
  );
});
