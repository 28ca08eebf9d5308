import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockedLine } from '../../messages/legacy-messages.js';
import { makeSandbox, renderDefaults, type Sandbox } from '../../../test-support/template-harness.js';
import { firstReason, needsProgram, needsRoot, titled } from '../../../test-support/guards.js';

// the rule creates the new file as root:root, which only root can do
const SKIP = firstReason(needsProgram(['logrotate', '--version']), needsRoot());

/** fail2ban's filter.d/portsentry.conf: failregex = \/<HOST> Port\: [0-9]+ (TCP|UDP) Blocked$, date = epoch at line start */
const FAIL2BAN = /^\d+ .*\/(\d+\.\d+\.\d+\.\d+) Port: [0-9]+ (TCP|UDP) Blocked$/;

let box: Sandbox;
let history: string;
beforeEach(() => {
  box = makeSandbox();
  history = join(box.root, 'portsentry.history');
});
afterEach(() => box.cleanup());

const rotate = () => {
  const conf = join(box.root, 'logrotate.conf');
  writeFileSync(conf, renderDefaults('logrotate', [`historyFile=${history}`]), { mode: 0o644 });
  return spawnSync('logrotate', ['--force', '--state', join(box.root, 'state'), conf], { encoding: 'utf8' });
};

describe('logrotate', () => {
  it('writes history lines fail2ban\'s portsentry filter reads', () => {
    const line = blockedLine(new Date(Date.UTC(2026, 10, 25, 10, 0, 0)), 'scanner.example', '192.0.2.7', 79, 'TCP');
    expect(line.endsWith('\n')).toBe(true);
    expect(FAIL2BAN.exec(line.slice(0, -1))?.slice(1)).toEqual(['192.0.2.7', 'TCP']);
  });

  it.skipIf(SKIP !== null)(titled('renames the history file unchanged, compresses it one rotation later and leaves an empty 0600 file', SKIP), () => {
    const first = blockedLine(new Date(Date.UTC(2026, 10, 25, 10, 0, 0)), '192.0.2.7', '192.0.2.7', 79, 'TCP');
    const second = blockedLine(new Date(Date.UTC(2026, 10, 26, 10, 0, 0)), '192.0.2.8', '192.0.2.8', 137, 'UDP');
    writeFileSync(history, first);
    expect(rotate()).toMatchObject({ status: 0, stderr: '' });
    expect(readFileSync(`${history}.1`, 'utf8')).toBe(first);
    expect(readFileSync(history, 'utf8')).toBe('');
    expect(statSync(history).mode & 0o777).toBe(0o600);
    writeFileSync(history, second);
    expect(rotate()).toMatchObject({ status: 0, stderr: '' });
    expect(readFileSync(`${history}.1`, 'utf8')).toBe(second);
    expect(gunzipSync(readFileSync(`${history}.2.gz`)).toString('latin1')).toBe(first);
  });
});
