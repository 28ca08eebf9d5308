import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Netns } from '../../../test-support/netns-fixture.js';
import { needsNft, nftPath, titled } from '../../../test-support/guards.js';

const SKIP = needsNft();
const NFT = nftPath();
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BIN = join(ROOT, 'bin', 'portsentry');

describe.skipIf(SKIP !== null)(titled('portsentry blocked list | remove | flush (the commands)', SKIP), () => {
  let ns: Netns;
  let dir: string;
  const conf = () => join(dir, 'portsentry.conf');

  beforeEach(() => {
    if (!existsSync(join(ROOT, 'dist', 'src', 'commands', 'blocked', 'list.js'))) {
      throw new Error('dist/src/commands/blocked/list.js is missing: build first (npx tsc -p tsconfig.json)');
    }
    ns = Netns.create(NFT);
    dir = mkdtempSync(join(tmpdir(), 'ps-blocked-cli-'));
    writeFileSync(
      conf(),
      `HISTORY_FILE="${dir}/h"\nBLOCKED_FILE="${dir}/b"\nKILL_ROUTE="/sbin/iptables -I INPUT -s $TARGET$ -j DROP"\n`,
    );
    const m = ns.run([
      process.execPath,
      BIN,
      'migrate',
      'nftables',
      '--config',
      conf(),
      '--ruleset',
      join(dir, 'r.nft'),
      '--state-file',
      join(dir, 'state'),
    ]);
    expect([m.code, m.stderr]).toEqual([0, '']);
  });
  afterEach(() => {
    ns.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => ns.run([process.execPath, BIN, 'blocked', ...args]);

  it('lists, removes and flushes, with --json on list', () => {
    writeFileSync(
      join(dir, 'b.tcp'),
      '1764061200 - 11/25/2025 09:00:00 Host: 127.0.0.2/127.0.0.2 Port: 1 TCP Blocked\n',
    );
    ns.sh(
      `${NFT} add element inet portsentry blocked4 { 127.0.0.2 }; ${NFT} add element inet portsentry blocked4 { 127.0.0.3 }`,
    );
    const human = cli('list', '--config', conf());
    expect([human.code, human.stderr, human.stdout]).toEqual([
      0,
      '',
      'ADDRESS    NFT SET   BLOCKED FILES                      HOSTS.DENY\n' +
        '127.0.0.2  blocked4  tcp port 1 at 11/25/2025 09:00:00  -\n' +
        '127.0.0.3  blocked4  -                                  -\n' +
        '2 hosts blocked.\n',
    ]);
    const json = cli('list', '--config', conf(), '--json');
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as {
      hosts: { address: string; set: { name: string } | null; blockedFiles: unknown[] }[];
      tableLoaded: boolean;
    };
    expect(parsed.tableLoaded).toBe(true);
    expect(parsed.hosts.map((h) => [h.address, h.set?.name, h.blockedFiles.length])).toEqual([
      ['127.0.0.2', 'blocked4', 1],
      ['127.0.0.3', 'blocked4', 0],
    ]);

    const removed = cli('remove', '127.0.0.2', '--config', conf(), '--state-file', join(dir, 'state'));
    expect([removed.code, removed.stderr, removed.stdout]).toEqual([
      0,
      '',
      `Unblocked 127.0.0.2:\n  removed from the nft set\n  ${dir}/b.tcp: removed 1 line\n  saved the remaining set to ${dir}/state\n`,
    ]);
    expect(readFileSync(join(dir, 'state'), 'utf8')).toContain('add element inet portsentry blocked4 { 127.0.0.3 }\n');

    const flushed = cli('flush', '--config', conf(), '--state-file', join(dir, 'state'));
    expect([flushed.code, flushed.stderr, flushed.stdout]).toEqual([
      0,
      '',
      `Removed 1 host from the nft sets.\nSaved the empty set to ${dir}/state.\n`,
    ]);
    expect(cli('list', '--config', conf()).stdout).toBe('No host is blocked.\n');
  });

  it('exits 1 with a clear message for a bad address, an address not blocked and a missing config', () => {
    const bad = cli('remove', '127.0.0.1;reboot', '--config', conf());
    expect([bad.code, bad.stdout, bad.stderr]).toEqual([
      1,
      '',
      'portsentry blocked remove: 127.0.0.1;reboot: expected an IPv4 address (like 192.0.2.7) or an IPv6 address (like 2001:db8::7), found neither\n',
    ]);
    const absent = cli('remove', '127.0.0.9', '--config', conf(), '--state-file', join(dir, 'state'));
    expect([absent.code, absent.stderr]).toEqual([
      1,
      'portsentry blocked remove: 127.0.0.9 is not blocked: it is in neither the nft set, the blocked files nor hosts.deny\n',
    ]);
    const noConfig = cli('list', '--config', join(dir, 'nope.conf'));
    expect([noConfig.code, noConfig.stderr]).toEqual([
      1,
      `portsentry blocked list: ${dir}/nope.conf: cannot read the config file (ENOENT)\n`,
    ]);
  });
});
