import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout } from '../../test-support/fuzz.js';
import { loadTemplate, templateNames } from './catalog.js';
import { RenderError } from './errors.js';
import { renderTemplate } from './render.js';
import type { VariableSpec } from './template-spec.js';
import { TEMPLATES } from '../../test-support/template-harness.js';
import { nftCheck, nftUnavailable, type NftResult } from '../../test-support/nft-check.js';
import { expectedRefusal, expectedText, typedValue } from '../../test-support/value-oracle.js';

const work = mkdtempSync(join(tmpdir(), 'portsentry-fuzz-render-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let files = 0;

/**
 * Where a template writes values as they are (not through shq), the oracle's equality shows where
 * the value went, not that its target reads it as one token. So: the nftables output must pass nft
 * and load the same table, sets, chain and rules as with a plain value; in the unit and logrotate
 * files, whose values are unquoted words, a value holds no space, quote, comment, brace, escape,
 * specifier or glob character.
 */
const nftBaselines = new Map<string, NftResult>();
const nftBaseline = (t: Target, value: string): NftResult => {
  const sample = t.variable === 'inputInterface' && value !== '' ? 'eth0' : null;
  const key = String(sample);
  if (!nftBaselines.has(key)) {
    const sets = sample === null ? t.sets : [...t.sets, `inputInterface=${sample}`];
    nftBaselines.set(
      key,
      nftCheck(
        renderTemplate({ name: 'nftables', sets, noConfig: true, templatesDir: TEMPLATES }).text,
        join(work, `base-${key}.nft`),
      ),
    );
  }
  return nftBaselines.get(key)!;
};
const WORD = /^[^\s"'\\%$;#{}*?[\]]*$/u;

interface Target {
  template: string;
  variable: string;
  spec: VariableSpec;
  /** every boolean of the template on (so that every variable is used), but this variable's own */
  sets: string[];
}

const targets: Target[] = templateNames(TEMPLATES).flatMap((template) => {
  const { spec } = loadTemplate(TEMPLATES, template);
  const booleans = Object.entries(spec.variables).filter(([, v]) => v.type === 'boolean');
  return Object.entries(spec.variables).map(([variable, v]) => ({
    template,
    variable,
    spec: v,
    sets: booleans.filter(([n]) => n !== variable).map(([n]) => `${n}=true`),
  }));
});

/** pieces of the syntax of every target: shell, nft, systemd, logrotate, Handlebars, printf */
const PIECES = [
  '/',
  '-',
  '--',
  ' ',
  ';',
  '}',
  '{',
  '"',
  "'",
  '\\',
  '$',
  '$(',
  ')',
  '`',
  '%',
  '%s',
  '{{',
  '}}',
  '#',
  '*',
  '.',
  '..',
  ',',
  '&',
  '|',
  '<',
  '>',
  '\n',
  '\r',
  '\t',
  '\u0000',
  '\u2028',
  '\u2029',
  '\u0085',
  '\u202e',
  'é',
  '\u{1f600}',
  'filter',
  ' - ',
  ' + ',
  '10',
  '0',
  '5',
  'm',
  'h',
  'd',
  's',
  'ms',
  '/minute',
  '/week',
  'eth0',
  '.service',
  'x'.repeat(130),
  'x'.repeat(300),
  'flush ruleset',
  'policy accept',
  'ExecStart=',
  'rm -rf /',
];

/** values the variable's own pattern generates (hostile characters it lets through included), where fast-check can */
const fitting = (spec: VariableSpec): fc.Arbitrary<string>[] => {
  if (spec.choices) return [fc.constantFrom(...spec.choices)];
  if (!spec.pattern) return [];
  try {
    return [fc.stringMatching(spec.pattern, { size: 'small' })];
  } catch {
    return []; // a lookahead: fast-check cannot generate from it
  }
};

const valueFor = (t: Target): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
    fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((p) => p.join('')),
    ...fitting(t.spec),
    ...fitting(t.spec).map((a) => fc.tuple(a, fc.constantFrom(...PIECES)).map(([v, p]) => v + p)),
  );

const target = fc.constantFrom(...targets).chain((t) => fc.tuple(fc.constant(t), valueFor(t)));

describe('template values (fuzz)', () => {
  it(
    `any text for any variable is refused with its exact message, or changes the output in its own token only, which its target reads as one${nftUnavailable === null ? '' : ` (nft not run: ${nftUnavailable})`}`,
    () => {
      fc.assert(
        fc.property(target, ([t, text]) => {
          const expected = expectedRefusal(t.variable, t.spec, text);
          let rendered;
          try {
            rendered = renderTemplate({
              name: t.template,
              sets: [...t.sets, `${t.variable}=${text}`],
              noConfig: true,
              templatesDir: TEMPLATES,
            });
          } catch (err) {
            if (!(err instanceof RenderError)) throw err;
            expect(err.message).toBe(expected);
            return;
          }
          expect(expected).toBe(null);
          const context = Object.fromEntries(Object.entries(rendered.values).map(([n, v]) => [n, v.value]));
          const value = typedValue(t.spec, text);
          expect(rendered.text).toBe(expectedText(TEMPLATES, t.template, context, t.variable, value));
          if (t.template === 'nftables' && nftUnavailable === null && typeof value === 'string') {
            expect(nftCheck(rendered.text, join(work, `${files++ % 16}.nft`))).toEqual(nftBaseline(t, value));
          }
          if (['logrotate', 'systemd', 'systemd-group'].includes(t.template)) {
            for (const e of Array.isArray(value) ? value : [String(value)]) expect(e).toMatch(WORD);
          }
        }),
        fuzzParams<[[Target, string]]>([
          [[targets.find((t) => t.variable === 'chainPriority')!, 'filter - 10; policy accept; }; }; flush ruleset;']],
          [[targets.find((t) => t.variable === 'logPrefix')!, 'a" drop; "']],
          [[targets.find((t) => t.variable === 'inputInterface')!, '*']],
          // found by a long run: nft reads 08 as a bad octal number and refuses the ruleset
          [[targets.find((t) => t.variable === 'chainPriority')!, '08']],
        ]),
      );
    },
    fuzzTimeout(),
  );
});
