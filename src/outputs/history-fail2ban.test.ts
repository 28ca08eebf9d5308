import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fail2banHosts, needsFail2ban } from '../../test-support/fail2ban.js';
import { firstReason, needsProgram, titled } from '../../test-support/guards.js';
import { writeBlocked } from './blocked-files.js';

const SKIP = firstReason(needsProgram(['python3', '--version']), needsFail2ban());

const dir = mkdtempSync(join(tmpdir(), 'ps-fail2ban-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
