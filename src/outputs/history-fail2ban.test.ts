import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { firstReason, needsProgram, titled } from '../../test-support/guards.js';
import { writeBlocked } from './blocked-files.js';

/** Debian's fail2ban, unpacked (not installed) by test-support/fetch-fail2ban.sh, which .ci/setup runs */
const FAIL2BAN = fileURLToPath(new URL('../../test-support/.cache/fail2ban', import.meta.url));
const SKIP = firstReason(
  needsProgram(['python3', '--version']),
  existsSync(join(FAIL2BAN, 'usr/bin/fail2ban-regex'))
    ? null
    : 'needs fail2ban unpacked by test-support/fetch-fail2ban.sh (.ci/setup runs it)',
);

const dir = mkdtempSync(join(tmpdir(), 'ps-fail2ban-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** the hosts fail2ban's stock portsentry filter finds in a file, one a line, as fail2ban-regex -o ip prints them */
const fail2banHosts = (file: string): string[] =>
  execFileSync(
    'python3',
    [
      join(FAIL2BAN, 'usr/bin/fail2ban-regex'),
      '-o',
      'ip',
      file,
      join(FAIL2BAN, 'etc/fail2ban/filter.d/portsentry.conf'),
    ],
    { env: { ...process.env, PYTHONPATH: join(FAIL2BAN, 'usr/lib/python3/dist-packages') }, encoding: 'utf8' },
  )
    .split('\n')
    .filter((l) => l !== '');

describe('the history file, read by fail2ban', () => {
  it.skipIf(SKIP !== null)(
    titled("gives fail2ban's stock portsentry filter the canonical address of IPv6 hosts, as of IPv4 ones", SKIP),
    async () => {
      const history = join(dir, 'portsentry.history');
      const blocked = join(dir, 'portsentry.blocked.tcp');
      const hosts: [string, string, number, 'TCP' | 'UDP'][] = [
        ['2001:db8::99', '2001:db8::99', 143, 'TCP'],
        ['127.0.0.5', '127.0.0.5', 143, 'TCP'],
        ['scanner.example', 'fd00::2', 53, 'UDP'],
        ['fd00:1:2:3:4:5:6:7', 'fd00:1:2:3:4:5:6:7', 1, 'TCP'],
      ];
      for (const [resolved, target, port, proto] of hosts)
        await writeBlocked(target, resolved, port, blocked, history, proto, () => undefined);
      expect(fail2banHosts(history)).toEqual(['2001:db8::99', '127.0.0.5', 'fd00::2', 'fd00:1:2:3:4:5:6:7']);
    },
  );
});
