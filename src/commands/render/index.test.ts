import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'ps-render-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `portsentry ARGS` through bin/portsentry and the compiled dist/ (npm run build first). */
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/portsentry'), ...args], { encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
};
const golden = (name: string) => readFileSync(join(root, 'src/render/golden', `${name}.golden`), 'utf8');

describe('portsentry render (command line)', () => {
  it('prints a template with its defaults on stdout and the KILL_RUN_CMD line on stderr', () => {
    expect(cli('render', 'alert-report', '--no-config')).toEqual({
      stdout: golden('alert-report'),
      stderr:
        'Add this line to /etc/portsentry/portsentry.conf (and remove any other KILL_RUN_CMD):\n' +
        'KILL_RUN_CMD="/usr/local/sbin/portsentry-alert-report $TARGET$ $PORT$ $MODE$"\n',
      status: 0,
    });
  });

  it('takes several --set, before or after the name', () => {
    const r = cli('render', '--set', 'frequency=weekly', 'logrotate', '--set', 'keep=4', '--no-config');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').slice(9, 11)).toEqual(['\tweekly', '\trotate 4']);
  });

  it('names an undeclared variable and exits 1, with no stack trace', () => {
    expect(cli('render', 'logrotate', '--set', 'keeep=4', '--no-config')).toEqual({
      stdout: '',
      stderr:
        'portsentry render: --set keeep: logrotate has no variable "keeep" (it declares: historyFile, frequency, keep, compress)\n',
      status: 1,
    });
  });

  it('names an unknown template and exits 1', () => {
    const r = cli('render', 'cron', '--no-config');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^portsentry render: no template named "cron" \(templates: alert-report, alert-speak, .*; see "portsentry render list"\)\n$/,
    );
  });

  it('writes --out once, refuses to overwrite it, and replaces it with --force', () => {
    const out = join(dir, 'portsentry-alert-speak');
    expect(cli('render', 'alert-speak', '--no-config', '--out', out).status).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o755);
    expect(readFileSync(out, 'utf8')).toBe(golden('alert-speak'));
    expect(cli('render', 'alert-speak', '--no-config', '--out', out, '--set', 'espeakVoice=es')).toEqual({
      stdout: '',
      stderr: `portsentry render: --out ${out}: the file exists; give --force to overwrite it\n`,
      status: 1,
    });
    expect(cli('render', 'alert-speak', '--no-config', '--out', out, '--set', 'espeakVoice=es', '--force').status).toBe(
      0,
    );
    expect(readFileSync(out, 'utf8').split('\n')).toContain('ESPEAK_VOICE=es');
  });

  it('lists the templates, as text and as JSON', () => {
    const text = cli('render', 'list');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^alert-report {3}KILL_RUN_CMD script: /);
    const json = JSON.parse(cli('render', 'list', '--json').stdout) as { name: string }[];
    expect(json.map((t) => t.name)).toContain('systemd-group');
  });
});
