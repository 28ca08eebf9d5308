/**
 * `portsentry report` as an admin runs it: the real CLI (bin/portsentry, oclif, the built dist/),
 * over the fixture history, with its exit codes and messages.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeHistory, type HistoryFixture } from '../../test-support/history-fixture.js';
import type { ReportData } from './report-data.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = (args: string[]) => {
  const r = spawnSync(join(root, 'bin/portsentry'), ['report', ...args], {
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC' },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

let fx: HistoryFixture;
beforeEach(() => {
  fx = makeHistory();
});
afterEach(() => rmSync(fx.dir, { recursive: true, force: true }));

describe('portsentry report, the command', () => {
  it('prints the report, its figures the same as --json gives', () => {
    const text = cli(['--config', fx.config]);
    expect([text.code, text.stderr]).toEqual([0, '']);
    expect(text.stdout.startsWith(`portsentry report: ${fx.history} (HISTORY_FILE of`)).toBe(true);
    expect(text.stdout).toContain('\nBlocks: 5 (TCP 4, UDP 1) from 3 sources on 4 ports\n');
    const json = cli(['--config', fx.config, '--json', '--top', '2']);
    expect([json.code, json.stderr]).toEqual([0, '']);
    const r = JSON.parse(json.stdout) as ReportData & { format: string };
    expect([r.format, r.historyFile, r.blocks.total, r.sources.top.length, r.ports.top.length]).toEqual([
      'portsentry-report/1',
      fx.history,
      5,
      2,
      2,
    ]);
  });

  it('writes the HTML page with --html, and nothing in it fetches anything', () => {
    const page = join(fx.dir, 'report.html');
    const r = cli(['--config', fx.config, '--html', page, '--json']);
    expect(r.code).toBe(0);
    const html = readFileSync(page, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/\b(src|href|action|srcset)\s*=|url\(|@import|<script|<link|<iframe|<img/i);
    // the resolved name the scanner chose, escaped
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;\\x1b[31m');
    expect(html).not.toContain('<b>x</b>');
  });

  it('fails with status 1, naming the input, for a wrong --since, a missing config or history', () => {
    expect(cli(['--config', fx.config, '--since', 'week'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'portsentry report: --since: expected an nft duration such as 30m, 1h, 2d or 1h30m (units d, h, m, s, ms, largest first), found "week"\n',
    });
    expect(cli(['--config', join(fx.dir, 'none.conf')])).toEqual({
      code: 1,
      stdout: '',
      stderr: `portsentry report: ${join(fx.dir, 'none.conf')}: cannot read the config file (ENOENT)\n`,
    });
    writeFileSync(fx.config, `HISTORY_FILE="${fx.dir}/elsewhere"\n`);
    expect(cli(['--config', fx.config]).stderr).toBe(
      `portsentry report: ${fx.dir}/elsewhere: no history file (HISTORY_FILE of ${fx.config}), and no generation of it (${fx.dir}/elsewhere.1, ${fx.dir}/elsewhere.2.gz ...)\n`,
    );
  });

  it('reads a 2 GB history of NUL bytes with lines after it, reporting the unreadable line, and no progress on a pipe', () => {
    rmSync(`${fx.history}.1`);
    rmSync(`${fx.history}.2.gz`);
    writeFileSync(fx.history, '');
    truncateSync(fx.history, 2 * 1024 ** 3); // sparse: 2 GiB of NUL bytes, no newline
    const after = '\n1767600000 - 01/05/2026 08:00:00 Host: 127.0.0.2/127.0.0.2 Port: 80 TCP Blocked\n';
    appendFileSync(fx.history, after);
    const r = cli(['--config', fx.config, '--json']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const j = JSON.parse(r.stdout) as ReportData;
    expect([
      j.lines.read,
      j.lines.unreadable.count,
      j.lines.unreadable.first!.line,
      j.lines.unreadable.byReason['too-long'],
    ]).toEqual([2, 1, 1, 1]);
    expect([j.blocks.total, j.files[0]!.bytes]).toEqual([1, 2 * 1024 ** 3 + after.length]);
  }, 120_000);
});
