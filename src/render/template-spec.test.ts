import { describe, expect, it } from 'vitest';
import { parseTemplateSpec } from './template-spec.js';

const FILE = 'templates/x.json';
const spec = (over: Record<string, unknown> = {}, variables: Record<string, unknown> = {}) =>
  JSON.stringify({
    name: 'x',
    description: 'one line',
    output: { executable: false, suggestedPath: '/etc/x' },
    variables,
    ...over,
  });

describe('parseTemplateSpec', () => {
  it('reads the types of the variables from their defaults', () => {
    const s = parseTemplateSpec(
      FILE,
      spec(
        {},
        {
          a: { description: 'a', default: 'x', pattern: '^x$' },
          b: { description: 'b', default: true },
          c: { description: 'c', default: ['p', 'q'], pattern: '^[a-z]$' },
          d: { description: 'd', default: 5, minimum: 0, maximum: 9 },
          e: { description: 'e', required: true, escape: 'shell' },
          f: { description: 'f', type: 'list', fromConfig: 'HISTORY_FILE', choices: ['u'], pattern: '^u$' },
        },
      ),
      'x',
    );
    expect(Object.fromEntries(Object.entries(s.variables).map(([n, v]) => [n, [v.type, v.required]]))).toEqual({
      a: ['string', false],
      b: ['boolean', false],
      c: ['list', false],
      d: ['number', false],
      e: ['string', true],
      f: ['list', false],
    });
    expect(s.variables.f!.fromConfig).toBe('HISTORY_FILE');
    expect(s.variables.f!.pattern!.test('u')).toBe(true);
  });

  const bad: [string, string, string][] = [
    ['a syntax error', '{', 'templates/x.json: expected JSON, found a syntax error'],
    ['another name', spec({ name: 'y' }), 'templates/x.json: expected "name" to be "x" (the file\'s name), found "y"'],
    [
      'a description on two lines',
      spec({ description: 'a\nb' }),
      'templates/x.json: expected "description" to be one line of text, found "a\\nb"',
    ],
    [
      'a relative suggested path',
      spec({ output: { executable: false, suggestedPath: 'x' } }),
      'templates/x.json: expected "output.suggestedPath" to be an absolute path, found "x"',
    ],
    [
      'executable not a boolean',
      spec({ output: { executable: 'yes', suggestedPath: '/x' } }),
      'templates/x.json: expected "output.executable" to be true or false, found "yes"',
    ],
    ['no variables', spec({ variables: [] }), 'templates/x.json: expected "variables" to be an object, found an array'],
    [
      'an unknown key',
      spec({}, { a: { description: 'a', defualt: 'x' } }),
      'templates/x.json: variable "a": unknown key "defualt" (expected one of description, default, fromConfig, required, type, choices, pattern, escape, minimum, maximum)',
    ],
    [
      'a string without pattern, choices or escape',
      spec({}, { a: { description: 'a', default: 'x' } }),
      'templates/x.json: variable "a": a string variable needs "pattern" or "choices" (what its target syntax can carry), or "escape": "shell" (every use goes through shq); found none of them',
    ],
    [
      'a list without pattern, choices or escape',
      spec({}, { a: { description: 'a', default: ['x'] } }),
      'templates/x.json: variable "a": a list variable needs "pattern" or "choices" (what its target syntax can carry), or "escape": "shell" (every use goes through shq); found none of them',
    ],
    [
      'an unknown escape',
      spec({}, { a: { description: 'a', escape: 'html' } }),
      'templates/x.json: variable "a": expected "escape" to be "shell", found "html"',
    ],
    [
      'a number without a maximum',
      spec({}, { a: { description: 'a', default: 5, minimum: 1 } }),
      'templates/x.json: variable "a": a number variable needs "minimum" and "maximum" (the whole numbers its target takes), found no "maximum"',
    ],
    [
      'a number range upside down',
      spec({}, { a: { description: 'a', default: 5, minimum: 9, maximum: 1 } }),
      'templates/x.json: variable "a": "minimum" 9 is above "maximum" 1',
    ],
    [
      'a minimum on a string',
      spec({}, { a: { description: 'a', default: 'x', pattern: '^x$', minimum: 1 } }),
      'templates/x.json: variable "a": "minimum" is for number variables, but "type" is "string"',
    ],
    [
      'a fractional maximum',
      spec({}, { a: { description: 'a', default: 5, minimum: 1, maximum: 1.5 } }),
      'templates/x.json: variable "a": expected "maximum" to be a whole number, found number 1.5',
    ],
    [
      'a pattern on a boolean',
      spec({}, { a: { description: 'a', default: true, pattern: '^x$' } }),
      'templates/x.json: variable "a": a boolean variable takes no "pattern", "choices" or "escape" (its values are true and false)',
    ],
    [
      'no description',
      spec({}, { a: { default: 'x' } }),
      'templates/x.json: variable "a": expected "description" to be a non-empty string, found undefined',
    ],
    [
      'an object default',
      spec({}, { a: { description: 'a', default: {} } }),
      'templates/x.json: variable "a": expected "default" to be a string, true/false, a number or an array of strings, found an object',
    ],
    [
      'a type against its default',
      spec({}, { a: { description: 'a', default: 'x', type: 'boolean' } }),
      'templates/x.json: variable "a": "default" is a string but "type" is "boolean"',
    ],
    [
      'a bad pattern',
      spec({}, { a: { description: 'a', pattern: '(' } }),
      'templates/x.json: variable "a": "pattern" is not a valid regular expression',
    ],
    [
      'a lower-case config key',
      spec({}, { a: { description: 'a', fromConfig: 'history' } }),
      'templates/x.json: variable "a": expected "fromConfig" to be a config key such as "HISTORY_FILE", found "history"',
    ],
    [
      'a variable name Handlebars reads as a path',
      spec({}, { 'a.b': { description: 'a' } }),
      'templates/x.json: variable "a.b": expected a name of letters, digits and _ starting with a letter',
    ],
  ];
  for (const [what, text, message] of bad) {
    it(`refuses ${what}, naming the file and what it found`, () => {
      expect(() => parseTemplateSpec(FILE, text, 'x')).toThrow(message);
    });
  }

  it('refuses "list" as a template name: it is the subcommand', () => {
    expect(() => parseTemplateSpec('templates/list.json', spec({ name: 'list' }), 'list')).toThrow(
      'templates/list.json: "list" cannot be a template name (letters, digits, - and _; not "list")',
    );
  });
});
