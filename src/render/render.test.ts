import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderTemplate } from './render.js';
import { TEMPLATES } from '../../test-support/template-harness.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'portsentry-render-'));
  mkdirSync(join(dir, 'templates'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const template = (name: string, json: object, hbs: string) => {
  writeFileSync(join(dir, 'templates', `${name}.json`), JSON.stringify({ name, description: name, ...json }));
  writeFileSync(join(dir, 'templates', `${name}.hbs`), hbs);
};
const render = (name: string, extra: Partial<Parameters<typeof renderTemplate>[0]> = {}) =>
  renderTemplate({ name, templatesDir: join(dir, 'templates'), defaultConfigPath: join(dir, 'none.conf'), ...extra });

describe('renderTemplate', () => {
  it('reads the config file given with --config for the variables tied to a config key', () => {
    const conf = join(dir, 'ps.conf');
    writeFileSync(conf, 'HISTORY_FILE="/srv/ps/history"\n');
    const r = renderTemplate({
      name: 'logrotate',
      templatesDir: TEMPLATES,
      configPath: conf,
      defaultConfigPath: join(dir, 'none'),
    });
    expect(r.text.split('\n')).toContain('/srv/ps/history {');
    expect(r.values.historyFile).toEqual({ value: '/srv/ps/history', origin: 'config' });
    expect(r.configPath).toBe(conf);
  });

  it('reads the default config file when it exists and no --config is given', () => {
    const conf = join(dir, 'default.conf');
    writeFileSync(conf, 'IGNORE_FILE="/srv/ps/ignore"\n');
    const r = renderTemplate({ name: 'build-ignore', templatesDir: TEMPLATES, defaultConfigPath: conf });
    expect(r.text.split('\n')).toContain('IGNORE_FILE=/srv/ps/ignore');
  });

  it('reads no config file with --no-config, not even the default one', () => {
    const conf = join(dir, 'default.conf');
    writeFileSync(conf, 'IGNORE_FILE="/srv/ps/ignore"\n');
    const r = renderTemplate({
      name: 'build-ignore',
      templatesDir: TEMPLATES,
      defaultConfigPath: conf,
      noConfig: true,
    });
    expect(r.text.split('\n')).toContain('IGNORE_FILE=/etc/portsentry/portsentry.ignore');
    expect(r.configPath).toBe(null);
    expect(() =>
      renderTemplate({ name: 'build-ignore', templatesDir: TEMPLATES, configPath: conf, noConfig: true }),
    ).toThrow('--config and --no-config cannot be given together');
  });

  it("names the unit's config file after the file given with --config", () => {
    const conf = join(dir, 'ps.conf');
    writeFileSync(conf, '');
    const r = renderTemplate({
      name: 'systemd',
      templatesDir: TEMPLATES,
      configPath: conf,
      defaultConfigPath: join(dir, 'none'),
    });
    expect(r.text.split('\n')).toContain(`ConditionPathExists=${conf}`);
    expect(r.suggestedPath).toBe('/lib/systemd/system/portsentry-tcp.service');
  });

  it('fills the suggested path with the values', () => {
    const r = renderTemplate({
      name: 'systemd',
      sets: ['udp=true'],
      templatesDir: TEMPLATES,
      defaultConfigPath: join(dir, 'none'),
    });
    expect(r.suggestedPath).toBe('/lib/systemd/system/portsentry-udp.service');
  });

  it('refuses a --config that is missing or a directory', () => {
    template('x', { output: { executable: false, suggestedPath: '/x' }, variables: {} }, 'x\n');
    expect(() => render('x', { configPath: join(dir, 'missing.conf') })).toThrow(
      `--config ${join(dir, 'missing.conf')}: cannot read the config file (ENOENT)`,
    );
    expect(() => render('x', { configPath: dir })).toThrow(
      `--config ${dir}: expected a config file, found a directory`,
    );
  });

  it('names an unknown template and lists the known ones', () => {
    template('a', { output: { executable: false, suggestedPath: '/a' }, variables: {} }, 'a\n');
    expect(() => render('b')).toThrow('no template named "b" (templates: a; see "portsentry render list")');
  });

  it('refuses, in strict mode, a value of an optional variable that has none, naming it', () => {
    template(
      'o',
      {
        output: { executable: false, suggestedPath: '/o' },
        variables: { maybe: { description: 'm', pattern: '^.*$' } },
      },
      '{{#if maybe}}[{{maybe}}]{{/if}}\nvalue: {{maybe}}\n',
    );
    expect(() => render('o')).toThrow(
      `${join(dir, 'templates', 'o.hbs')}:2:10: variable "maybe" has no value (give --set maybe=VALUE)`,
    );
    expect(render('o', { sets: ['maybe=x'] }).text).toBe('[x]\nvalue: x\n');
  });

  it('refuses a template that uses a variable its description does not declare, before reading any value', () => {
    template('u', { output: { executable: false, suggestedPath: '/u' }, variables: {} }, 'x {{y}}\n');
    expect(() => render('u')).toThrow(
      `${join(dir, 'templates', 'u.hbs')}:1:5: variable "y" is not declared in u.json (declared: (none))`,
    );
  });

  it('writes values as they are, with no HTML escaping', () => {
    template(
      'h',
      {
        output: { executable: false, suggestedPath: '/h' },
        variables: { v: { description: 'v', default: '<a & "b">', pattern: '^.*$' } },
      },
      '{{v}}\n',
    );
    expect(render('h').text).toBe('<a & "b">\n');
  });

  it('gives the config line with the --out path, made absolute, or the suggested path', () => {
    const r = renderTemplate({
      name: 'alert-report',
      templatesDir: TEMPLATES,
      defaultConfigPath: join(dir, 'none'),
      outPath: '/opt/ps/alert report',
    });
    expect(r.configLine).toBe(`KILL_RUN_CMD="'/opt/ps/alert report' $TARGET$ $PORT$ $MODE$"`);
    const d = renderTemplate({ name: 'alert-report', templatesDir: TEMPLATES, defaultConfigPath: join(dir, 'none') });
    expect(d.configLine).toBe('KILL_RUN_CMD="/usr/local/sbin/portsentry-alert-report $TARGET$ $PORT$ $MODE$"');
  });

  it('refuses an --out path that 1.2 could not read back from its config (a double quote ends the value)', () => {
    expect(() =>
      renderTemplate({
        name: 'alert-report',
        templatesDir: TEMPLATES,
        defaultConfigPath: join(dir, 'none'),
        outPath: '/opt/a"b',
      }),
    ).toThrow(
      '--out /opt/a"b: a path with a double quote or an unprintable character cannot be named in portsentry.conf',
    );
  });
});
