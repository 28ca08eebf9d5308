/**
 * Debian's fail2ban, unpacked (not installed) by test-support/fetch-fail2ban.sh, which .ci/setup
 * runs: whether it is there, and the hosts its stock portsentry filter finds in a file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FAIL2BAN = fileURLToPath(new URL('./.cache/fail2ban', import.meta.url));

/** null when fail2ban-regex is unpacked, else why a test needing it is skipped */
export const needsFail2ban = (): string | null =>
  existsSync(join(FAIL2BAN, 'usr/bin/fail2ban-regex'))
    ? null
    : 'needs fail2ban unpacked by test-support/fetch-fail2ban.sh (.ci/setup runs it)';

/** the hosts fail2ban's stock portsentry filter finds in a file, one a line, as fail2ban-regex -o ip prints them */
export const fail2banHosts = (file: string): string[] =>
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
