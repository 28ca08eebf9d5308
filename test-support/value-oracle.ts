/**
 * For the hostile-value and fuzz tests: what a template must render when one variable holds a given
 * value, built independently of render's own checks. The template is rendered with that variable
 * replaced by markers (a NUL-delimited text no accepted value can hold, one per list element), and
 * each marker is then replaced by the one token the value may become: the value itself where the
 * template writes it as it is, shq's single word where the template quotes it. A rendered text equal
 * to this one differs from the template's own text in that token and nowhere else.
 */
import Handlebars from 'handlebars';
import { loadTemplate } from '../src/render/catalog.js';
import { shellQuote } from '../src/render/shell-quote.js';
import type { Value, VariableSpec } from '../src/render/template-spec.js';

const raw = (i: number): string => `\u0000RAW${i}\u0000`;
const quoted = (i: number): string => `\u0000SHQ${i}\u0000`;
// eslint-disable-next-line no-control-regex -- NUL marks where a value stands, as no value can hold one
const QUOTED = /^\u0000RAW(\d+)\u0000$/;

/** the rendered text with `values` (render's resolved values), `variable` holding `value` */
export const expectedText = (
  templatesDir: string,
  name: string,
  values: Record<string, Value>,
  variable: string,
  value: Value,
): string => {
  const { source } = loadTemplate(templatesDir, name);
  const hb = Handlebars.create();
  hb.registerHelper('shq', (v: unknown) => {
    const m = typeof v === 'string' ? QUOTED.exec(v) : null;
    return m ? quoted(Number(m[1])) : shellQuote(v);
  });
  const context: Record<string, Value> = { ...values };
  const elements = Array.isArray(value) ? value : typeof value === 'string' && value !== '' ? [value] : null;
  if (elements !== null) context[variable] = Array.isArray(value) ? elements.map((_, i) => raw(i)) : raw(0);
  else context[variable] = value;
  let text = hb.compile(source, { strict: true, noEscape: true })(context);
  (elements ?? []).forEach((e, i) => {
    text = text.split(raw(i)).join(e).split(quoted(i)).join(shellQuote(e));
  });
  return text;
};

/** what values.ts refuses in every value: C0, DEL, C1, line/paragraph separators, bidi controls */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

const codeOf = (c: string): string => {
  const n = c.charCodeAt(0);
  return n < 0x80 ? `0x${n.toString(16).padStart(2, '0')}` : `U+${n.toString(16).toUpperCase().padStart(4, '0')}`;
};

/**
 * The exact message render owes `--set NAME=TEXT` for a variable described by `spec`, or null when
 * the text fits it: written from the descriptions in templates/README.md, not from values.ts.
 */
export const expectedRefusal = (name: string, spec: VariableSpec, text: string): string | null => {
  const at = `--set: ${name}`;
  if (spec.type === 'boolean')
    return text === 'true' || text === 'false' ? null : `${at}: expected true or false, found ${JSON.stringify(text)}`;
  if (spec.type === 'number') {
    if (!/^-?[0-9]+(\.[0-9]+)?$/.test(text)) return `${at}: expected a decimal number, found ${JSON.stringify(text)}`;
    const n = Number(text);
    const fits = Number.isSafeInteger(n) && n >= spec.minimum! && n <= spec.maximum!;
    return fits ? null : `${at}: expected a whole number from ${spec.minimum} to ${spec.maximum}, found ${String(n)}`;
  }
  const elements = spec.type === 'list' ? (text === '' ? [] : text.split(',')) : [text];
  for (const e of elements) {
    const control = CONTROL.exec(e);
    if (control)
      return `${at}: expected one line of printable text, found control character ${codeOf(control[0])} in ${JSON.stringify(e)}`;
    if (spec.choices && !spec.choices.includes(e))
      return `${at}: expected one of ${spec.choices.map((c) => JSON.stringify(c)).join(', ')}, found ${JSON.stringify(e)}`;
    if (spec.pattern && !spec.pattern.test(e))
      return `${at}: expected a value matching ${spec.patternText}, found ${JSON.stringify(e)}`;
  }
  return null;
};

/** `--set NAME=TEXT` as render reads it once accepted */
export const typedValue = (spec: VariableSpec, text: string): Value =>
  spec.type === 'boolean'
    ? text === 'true'
    : spec.type === 'number'
      ? Number(text)
      : spec.type === 'list'
        ? text === ''
          ? []
          : text.split(',')
        : text;
