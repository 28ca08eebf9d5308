import { describe, expect, it } from 'vitest';
import { checkTemplateText, isShellTemplate } from './template-check.js';
import { parseTemplateSpec } from './template-spec.js';

const SPEC = parseTemplateSpec(
  'templates/t.json',
  JSON.stringify({
    name: 't',
    description: 'test',
    output: { executable: true, suggestedPath: '/x' },
    variables: {
      dir: { description: 'd', default: '/d', pattern: '^/[a-z]*$' },
      on: { description: 'o', default: true },
      list: { description: 'l', default: ['a'], pattern: '^[a-z]+$' },
      unused: { description: 'u', default: 'u', pattern: '^u$' },
      text: { description: 't', default: 'a b', escape: 'shell' },
      words: { description: 'w', default: ['a b'], escape: 'shell' },
    },
  }),
  't',
);
const check = (source: string, shell = false) => checkTemplateText('t.hbs', source, SPEC, { shell });

describe('checkTemplateText', () => {
  it('lists the declared variables a template uses', () => {
    expect(
      [...check('{{dir}}{{#if on}}{{#each list}}{{this}}{{@index}}{{/each}}{{else}}x{{/if}}').used].sort(),
    ).toEqual(['dir', 'list', 'on']);
  });

  it('names an undeclared variable with its line and column and the declared ones', () => {
    expect(() => check('a\n  {{dri}}')).toThrow(
      't.hbs:2:5: variable "dri" is not declared in t.json (declared: dir, on, list, unused, text, words)',
    );
  });

  it('names an undeclared variable in a condition too (Handlebars does not check those)', () => {
    expect(() => check('{{#if of}}x{{/if}}')).toThrow('t.hbs:1:7: variable "of" is not declared in t.json');
  });

  it('requires shq around every value of a shell template', () => {
    expect(() => check('DIR={{dir}}', true)).toThrow(
      't.hbs:1:5: a shell template must quote every value: write {{shq dir}}',
    );
    expect([...check('DIR={{shq dir}} {{#each list}}{{shq this}} {{/each}}', true).used].sort()).toEqual([
      'dir',
      'list',
    ]);
  });

  it('requires shq around every use of a variable declared "escape": "shell", in any template', () => {
    expect(() => check('# {{text}}\nx={{shq text}}')).toThrow(
      't.hbs:1:3: text is declared "escape": "shell" in t.json: write {{shq text}}',
    );
    expect(() => check('{{#each words}}{{this}}{{/each}}')).toThrow(
      't.hbs:1:16: words is declared "escape": "shell" in t.json: write {{shq this}}',
    );
    expect(
      [
        ...check(
          '{{#if text}}{{shq text}}{{/if}} {{#each words}}{{@index}}={{shq this}} {{/each}}{{#each list}}{{this}}{{/each}}',
        ).used,
      ].sort(),
    ).toEqual(['list', 'text', 'words']);
  });

  const refused: [string, string, string][] = [
    ['a partial', '{{> other}}', 't.hbs:1:1: PartialStatement is not allowed'],
    [
      'another block helper',
      '{{#with dir}}x{{/with}}',
      't.hbs:1:1: only {{#if VARIABLE}}, {{#unless VARIABLE}} and {{#each VARIABLE}} blocks are allowed, found {{#with}}',
    ],
    [
      'another helper',
      '{{lookup dir 1}}',
      't.hbs:1:1: only {{shq VARIABLE}} may take an argument, found {{lookup ...}}',
    ],
    ['a nested path', '{{dir.length}}', 't.hbs:1:3: "dir.length" is not a plain variable name'],
    ['a parent path outside a loop', '{{../dir}}', 't.hbs:1:3: "../dir" is not a plain variable name'],
    [
      'an outer variable inside a loop',
      '{{#each list}}{{dir}}{{/each}}',
      't.hbs:1:17: "dir" inside {{#each}} would be looked up in the list element',
    ],
    ['this outside a loop', '{{this}}', 't.hbs:1:3: "this" is not a plain variable name'],
    ['a nested loop', '{{#each list}}{{#each list}}{{/each}}{{/each}}', 't.hbs:1:15: {{#each}} cannot be nested'],
    ['broken syntax', '{{#if on}}', 't.hbs: not valid Handlebars:'],
  ];
  for (const [what, source, message] of refused) {
    it(`refuses ${what}`, () => {
      expect(() => check(source)).toThrow(message);
    });
  }

  it('takes a #!/bin/sh template for shell unless its description says otherwise', () => {
    expect(isShellTemplate(SPEC, '#!/bin/sh\n')).toBe(true);
    expect(isShellTemplate(SPEC, '#! /bin/sh\n')).toBe(true);
    expect(isShellTemplate(SPEC, '#!/usr/sbin/nft -f\n')).toBe(false);
    expect(isShellTemplate({ ...SPEC, output: { ...SPEC.output, shell: true } }, '# /etc/default/x\n')).toBe(true);
  });
});
