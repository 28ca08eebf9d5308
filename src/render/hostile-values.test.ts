import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTemplate, templateNames } from './catalog.js';
import { RenderError } from './errors.js';
import { renderTemplate, type Rendered } from './render.js';
import { shellQuote } from './shell-quote.js';
import { isShellTemplate } from './template-check.js';
import type { Value, VariableSpec } from './template-spec.js';
import { TEMPLATES } from '../../test-support/template-harness.js';
import { nftCheck as nft, nftUnavailable } from '../../test-support/nft-check.js';
import { expectedRefusal, expectedText } from '../../test-support/value-oracle.js';

/** Text that breaks out of a word, a string, a line, a comment or a block in some target syntax. */
const HOSTILE_TAILS = [
  'a\nb',
  'a\rb',
  'a;b',
  'a}b',
  '{ }',
  'a"b',
  "a'b",
  '$(id)',
  '${HOME}',
  '`id`',
  'a\\b',
  'a\u0000b',
  'x'.repeat(300),
  'é'.repeat(8),
  'a\u2028b',
  'a\u0085b',
  '%s%n%h',
  '{{x}}',
  '-x',
  '--help',
  'a b',
  ' ',
  '*',
  '.',
  '..',
  '#x',
  "'; flush ruleset; '",
  '"; flush ruleset; #',
  '}; }; flush ruleset; table inet x {',
];
/** each tail alone, and after a '/' so that the path variables' patterns let some of them through */
const HOSTILE = [...HOSTILE_TAILS, ...HOSTILE_TAILS.map((t) => `/${t}`)];

/** the exploit of the report: the first line it gave (cut by a newline there) and the one that renders */
const EXPLOIT_NEWLINE = 'filter\n- 10; policy accept; }; }; flush ruleset; ...';
const EXPLOIT = 'filter - 10; policy accept; }; }; flush ruleset;';

/**
 * How many of the hostile values each variable lets through (all the others are refused): those
 * after a '/' for the paths quoted with shq, all but the control characters for the shell texts and
 * the nft comment, and for the rest only values its target takes as one token (a leading '-' is an
 * option argument there, after nmap's options, mail's -s or espeak-ng's -v).
 */
const SHELL_PATH = HOSTILE_TAILS.length - 5; // the tails with a control character: \n \r NUL U+2028 U+0085
const accepted: Record<string, number> = {
  'alert-report.path': SHELL_PATH,
  'alert-report.reportDir': SHELL_PATH,
  'alert-report.eventLog': SHELL_PATH,
  'alert-report.addressLog': SHELL_PATH,
  'alert-report.nmapOptions': 8, // -x --help . .. and the same after /
  'alert-report.mailTo': 3, // %s%n%h . ..
  'alert-report.mailSubject': 2 * SHELL_PATH,
  'alert-report.speakCommand': SHELL_PATH,
  'alert-speak.path': SHELL_PATH,
  'alert-speak.text': 2 * SHELL_PATH,
  'alert-speak.espeakVoice': 2, // -x --help
  'build-ignore.path': SHELL_PATH,
  'build-ignore.ignoreFile': SHELL_PATH - 1, // not a\b: awk -v would read the backslash
  'build-ignore.staticFile': SHELL_PATH - 1,
  'init.daemon': SHELL_PATH - 7, // no backslash, no space (it is one word of a ps line)
  'init.defaultFile': SHELL_PATH,
  'init.buildScript': SHELL_PATH,
  'logrotate.historyFile': 5, // the 300 x, -x, --help, ., .. after /
  'nftables.logPrefix': 34, // inside "...": no " \\ $ or non-ASCII, at most 127
  'nftables.inputInterface': 8, // inside "...": a;b a}b `id` %s%n%h {{x}} -x --help #x
  'nftables.replaces': 46, // a comment: printable ASCII
  'systemd.daemon': 5,
  'systemd.configFile': 5,
  'systemd.defaultFile': 5,
  'systemd.buildScript': 5,
};

const work = mkdtempSync(join(tmpdir(), 'portsentry-hostile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** every boolean on, so that every variable is used */
const booleansOn = (variables: Record<string, VariableSpec>): string[] =>
  Object.entries(variables)
    .filter(([, v]) => v.type === 'boolean')
    .map(([n]) => `${n}=true`);

const render = (name: string, sets: string[]): Rendered =>
  renderTemplate({ name, sets, noConfig: true, templatesDir: TEMPLATES });

const refusal = expectedRefusal;

const refusedWith = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    if (err instanceof RenderError) return err.message;
    throw err;
  }
  return '(rendered)';
};

const shParses = (script: string): { status: number | null; stderr: string } => {
  const r = spawnSync('sh', ['-n'], { input: script, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
};

const templates = templateNames(TEMPLATES);

describe('hostile values', () => {
  it('covers every template', () => {
    expect(templates).toEqual([
      'alert-report',
      'alert-speak',
      'build-ignore',
      'default',
      'init',
      'logrotate',
      'nftables',
      'systemd',
      'systemd-group',
    ]);
  });

  it("refuses the report's chainPriority exploit, naming the variable, the pattern and the value", () => {
    const pattern = '^(?:-?(?:0|[1-9][0-9]{0,8})|(?:filter|raw|mangle|security)(?: [-+] ?(?:0|[1-9][0-9]{0,8}))?)$';
    expect(refusedWith(() => render('nftables', [`chainPriority=${EXPLOIT}`]))).toBe(
      `--set: chainPriority: expected a value matching ${pattern}, found "filter - 10; policy accept; }; }; flush ruleset;"`,
    );
    expect(refusedWith(() => render('nftables', [`chainPriority=${EXPLOIT_NEWLINE}`]))).toBe(
      '--set: chainPriority: expected one line of printable text, found control character 0x0a in "filter\\n- 10; policy accept; }; }; flush ruleset; ..."',
    );
  });

  it('refuses a chain priority with a leading zero, which nft reads as octal (010 is 8) or refuses (08; found by the fuzz suite)', () => {
    const pattern = '^(?:-?(?:0|[1-9][0-9]{0,8})|(?:filter|raw|mangle|security)(?: [-+] ?(?:0|[1-9][0-9]{0,8}))?)$';
    for (const p of ['08', '010', '-07', 'filter + 010']) {
      expect(refusedWith(() => render('nftables', [`chainPriority=${p}`]))).toBe(
        `--set: chainPriority: expected a value matching ${pattern}, found ${JSON.stringify(p)}`,
      );
    }
  });

  it('refuses a log prefix with a double quote, a backslash or a $ (nft would end the string or expand a variable)', () => {
    const pattern = '^[ !#%-\\[\\]-~]{0,127}$';
    for (const p of ['a"b', 'a\\b', '$x', 'x'.repeat(128)]) {
      expect(refusedWith(() => render('nftables', ['log=true', `logPrefix=${p}`]))).toBe(
        `--set: logPrefix: expected a value matching ${pattern}, found ${JSON.stringify(p)}`,
      );
    }
  });

  for (const name of templates) {
    const { spec, source } = loadTemplate(TEMPLATES, name);
    const shell = isShellTemplate(spec, source);
    const on = booleansOn(spec.variables);
    for (const [variable, v] of Object.entries(spec.variables)) {
      if (v.type !== 'string' && v.type !== 'list') continue;
      it(`${name}: ${variable} is refused with its exact message, or reaches the output only as its own token`, () => {
        const outcomes: string[] = [];
        for (const value of HOSTILE) {
          const sets = [...on.filter((s) => !s.startsWith(`${variable}=`)), `${variable}=${value}`];
          const expected = refusal(variable, v, value);
          if (expected !== null) {
            expect(
              refusedWith(() => render(name, sets)),
              JSON.stringify(value),
            ).toBe(expected);
            continue;
          }
          const r = render(name, sets);
          const typed: Value = v.type === 'list' ? value.split(',') : value;
          const context = Object.fromEntries(Object.entries(r.values).map(([n, x]) => [n, x.value]));
          expect(r.text, JSON.stringify(value)).toBe(expectedText(TEMPLATES, name, context, variable, typed));
          if (shell) {
            expect(shParses(r.text), JSON.stringify(value)).toEqual({ status: 0, stderr: '' });
            // the one word: bare only when shq finds nothing special in it
            const token = shellQuote(value);
            expect(
              token === value ? /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) : token.startsWith("'") && token.endsWith("'"),
              token,
            ).toBe(true);
          }
          outcomes.push(value);
        }
        // what got through is listed, so that a pattern that loosens shows here
        expect(outcomes.length).toBe(accepted[`${name}.${variable}`] ?? 0);
      });
    }
  }

  it.skipIf(nftUnavailable !== null)(
    `nftables: nft -c accepts every hostile value render lets through, and loading it adds no statement${nftUnavailable === null ? '' : ` (skipped: ${nftUnavailable})`}`,
    () => {
      const { spec } = loadTemplate(TEMPLATES, 'nftables');
      const base = nft(
        render('nftables', ['log=true', 'inputInterface=eth0', 'blockTimeout=1h', 'replaces=x']).text,
        join(work, 'base.nft'),
      );
      expect(base.check).toBe('0 ');
      expect(base.outline).toEqual([
        'table inet portsentry',
        'set inet portsentry blocked4',
        'set inet portsentry blocked6',
        'chain inet portsentry input',
        'rule inet portsentry input: match match limit log',
        'rule inet portsentry input: match match limit log',
        'rule inet portsentry input: match match drop',
        'rule inet portsentry input: match match drop',
      ]);
      let checked = 0;
      for (const [variable, v] of Object.entries(spec.variables)) {
        if (v.type !== 'string') continue;
        for (const value of HOSTILE) {
          if (refusal(variable, v, value) !== null) continue;
          const sets = ['log=true', 'inputInterface=eth0', 'blockTimeout=1h', 'replaces=x'].filter(
            (s) => !s.startsWith(`${variable}=`),
          );
          const r = nft(render('nftables', [...sets, `${variable}=${value}`]).text, join(work, `${checked}.nft`));
          expect(r, `${variable}=${JSON.stringify(value)}`).toEqual(base);
          checked++;
        }
      }
      expect(checked).toBe(
        accepted['nftables.logPrefix']! + accepted['nftables.inputInterface']! + accepted['nftables.replaces']!,
      );
    },
  );
});
