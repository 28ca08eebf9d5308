import { describe, expect, it } from 'vitest';
import { loadTemplate, templateNames } from './catalog.js';
import { isShellTemplate } from './template-check.js';
import { renderDefaults, shellcheck, TEMPLATES } from '../../test-support/template-harness.js';
import { needsProgram, titled } from '../../test-support/guards.js';

const SKIP = needsProgram(['shellcheck', '--version']);

/** the defaults, then every boolean variable turned the other way, all at once and one by one */
const variants = (name: string): string[][] => {
  const { spec } = loadTemplate(TEMPLATES, name);
  const booleans = Object.entries(spec.variables).filter(([, v]) => v.type === 'boolean');
  const flip = ([n, v]: [string, { default?: unknown }]) => `${n}=${v.default === true ? 'false' : 'true'}`;
  return [[], booleans.map(flip), ...booleans.map((b) => [flip(b)])];
};

const shellTemplates = templateNames(TEMPLATES).filter((name) => {
  const { spec, source } = loadTemplate(TEMPLATES, name);
  return isShellTemplate(spec, source);
});

describe.skipIf(SKIP !== null)(titled('shellcheck', SKIP), () => {
  it('knows which templates are shell', () => {
    expect(shellTemplates).toEqual(['alert-report', 'alert-speak', 'build-ignore', 'default', 'init']);
  });

  for (const name of shellTemplates) {
    for (const sets of variants(name)) {
      it(`finds nothing in ${name} rendered with ${sets.length === 0 ? 'its defaults' : sets.join(' ')}`, () => {
        expect(shellcheck(renderDefaults(name, sets))).toEqual({ status: 0, output: '' });
      });
    }
  }

  it('finds nothing in the alert scripts with values that need quoting', () => {
    const odd = ["reportDir=/var/log/port sentry/it's", 'mailSubject=$(rm -rf /) `x` "y"', 'mailTo=a,b@c.d'];
    expect(shellcheck(renderDefaults('alert-report', odd))).toEqual({ status: 0, output: '' });
    expect(shellcheck(renderDefaults('alert-speak', ["text=it's $HOME"]))).toEqual({ status: 0, output: '' });
  });
});
