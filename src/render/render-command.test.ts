import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listCommand, renderCommand } from './render-command.js';
import { renderDefaults, TEMPLATES } from '../../test-support/template-harness.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'portsentry-render-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const req = (name: string, extra: object = {}) => ({
  name,
  templatesDir: TEMPLATES,
  defaultConfigPath: join(dir, 'none'),
  ...extra,
});

describe('render command', () => {
  it('prints the script on stdout and the KILL_RUN_CMD line to add on stderr', () => {
    expect(renderCommand(req('alert-report'))).toEqual({
      stdout: renderDefaults('alert-report'),
      stderr:
        'Add this line to /etc/portsentry/portsentry.conf (and remove any other KILL_RUN_CMD):\n' +
        'KILL_RUN_CMD="/usr/local/sbin/portsentry-alert-report $TARGET$ $PORT$ $MODE$"\n',
    });
  });

  it('writes --out as an executable script and prints what it did and the config line', () => {
    const out = join(dir, 'alert');
    expect(renderCommand(req('alert-report', { outPath: out }))).toEqual({
      stdout:
        `wrote ${out} (mode 0755)\n` +
        'Add this line to /etc/portsentry/portsentry.conf (and remove any other KILL_RUN_CMD):\n' +
        `KILL_RUN_CMD="${out} $TARGET$ $PORT$ $MODE$"\n`,
      stderr: '',
    });
    expect(readFileSync(out, 'utf8')).toBe(renderDefaults('alert-report'));
    expect(statSync(out).mode & 0o777).toBe(0o755);
  });

  it('writes a non-script with mode 0644 and nothing else to say', () => {
    const out = join(dir, 'logrotate');
    expect(renderCommand(req('logrotate', { outPath: out }))).toEqual({
      stdout: `wrote ${out} (mode 0644)\n`,
      stderr: '',
    });
    expect(() => renderCommand(req('logrotate', { outPath: out }))).toThrow(
      'the file exists; give --force to overwrite it',
    );
    expect(renderCommand(req('logrotate', { outPath: out, force: true })).stdout).toBe(`wrote ${out} (mode 0644)\n`);
  });

  it('lists each template with its description, names aligned', () => {
    const lines = listCommand(false, TEMPLATES).stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'alert-report   KILL_RUN_CMD script: per-attacker report (date, nslookup, whois, optional nmap), summary logs, mail, optional spoken alert',
      'alert-speak    spoken alert: says TEXT and the attacking address with festival, or espeak-ng where festival is absent',
    ]);
    expect(lines.at(-1)).toBe('');
  });

  it('lists the templates as JSON', () => {
    const list = JSON.parse(listCommand(true, TEMPLATES).stdout) as { name: string; description: string }[];
    expect(list.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'alert-report',
        'alert-speak',
        'build-ignore',
        'default',
        'init',
        'logrotate',
        'systemd',
        'systemd-group',
      ]),
    );
    expect(list.find((t) => t.name === 'default')).toEqual({
      name: 'default',
      description: '/etc/default/portsentry: the TCP and UDP modes the init script and the systemd units start',
    });
  });
});
