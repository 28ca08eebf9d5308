import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { firstReason, needsNftBinary, needsRoot, titled } from '../../test-support/guards.js';

/**
 * Every tool given /dev/zero where it expects a config, ignore, blocked or history file: the exact
 * error and exit status, at once. Before the bounded reader each of these read /dev/zero until the
 * OOM killer or the timeout stopped it.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'ps-dev-zero-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `portsentry ARGS` through bin/portsentry and dist/ (build first), killed after 20 s */
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/portsentry'), ...args], {
    encoding: 'utf8',
    timeout: 20_000,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORTSENTRY_SYSLOG_SOCKET: join(dir, 'no-syslog') },
  });
  // oclif wraps its error at 80 columns, continuing with " ›" and 4 spaces: join it back
  return { stdout: r.stdout, stderr: r.stderr.replace(/\n › {4}/g, ' '), status: r.status, signal: r.signal };
};

/** a config whose files are /dev/zero (the blocked file through a symlink, since 1.2 appends the mode) */
const zeroConfig = (): string => {
  symlinkSync('/dev/zero', join(dir, 'blocked.tcp'));
  const path = join(dir, 'zero.conf');
  writeFileSync(
    path,
    `BLOCKED_FILE="${join(dir, 'blocked')}"\nHISTORY_FILE="/dev/zero"\nIGNORE_FILE="/dev/zero"\n` +
      'KILL_ROUTE="/sbin/iptables -I INPUT -s $TARGET$ -j DROP"\n',
  );
  return path;
};
const config = zeroConfig();
const DEV_ZERO = 'expected a regular file, found a character device';

describe('the tools given /dev/zero', () => {
  it('run --config /dev/zero says it cannot read the config and exits 1', () => {
    const r = cli('run', 'tcp', '--config', '/dev/zero', '--foreground');
    expect([r.status, r.signal]).toEqual([1, null]);
    expect(r.stderr).toBe(
      'adminalert: PortSentry 1.2 is starting.\n' +
        'adminalert: Cannot open config file: /dev/zero. Exiting\n' +
        'adminalert: ERROR: Configuration files are missing/corrupted. Shutting down.\n' +
        ` ›   Error: cannot read config file /dev/zero: ${DEV_ZERO}\n`,
    );
  });

  it('report names the config, or the history file, that is /dev/zero and exits 1', () => {
    expect(cli('report', '--config', '/dev/zero')).toEqual({
      stdout: '',
      stderr: `portsentry report: /dev/zero: cannot read the config file (${DEV_ZERO})\n`,
      status: 1,
      signal: null,
    });
    expect(cli('report', '--config', config)).toEqual({
      stdout: '',
      stderr: `portsentry report: /dev/zero: cannot read the history file: ${DEV_ZERO}\n`,
      status: 1,
      signal: null,
    });
  });

  it('blocked list --config /dev/zero names the config and exits 1', () => {
    expect(cli('blocked', 'list', '--config', '/dev/zero')).toEqual({
      stdout: '',
      stderr: `portsentry blocked list: /dev/zero: cannot read the config file (${DEV_ZERO})\n`,
      status: 1,
      signal: null,
    });
  });

  it('blocked list names a blocked file that is /dev/zero and exits 1', () => {
    expect(cli('blocked', 'list', '--config', config)).toEqual({
      stdout: '',
      stderr: `portsentry blocked list: ${join(dir, 'blocked.tcp')}: ${DEV_ZERO}\n`,
      status: 1,
      signal: null,
    });
  });

  it('migrate nftables --dry-run refuses /dev/zero as the config, exit 1', () => {
    expect(cli('migrate', 'nftables', '--dry-run', '--config', '/dev/zero')).toEqual({
      stdout: '',
      stderr: `portsentry migrate nftables: /dev/zero: ${DEV_ZERO}\n`,
      status: 1,
      signal: null,
    });
  });

  // the ruleset is checked with nft -c (root) before the history is read
  const NFT_CHECK = firstReason(needsRoot(), needsNftBinary());
  it.skipIf(NFT_CHECK !== null)(
    titled('migrate nftables --dry-run refuses /dev/zero as the history to import, exit 1', NFT_CHECK),
    () => {
      expect(
        cli(
          'migrate',
          'nftables',
          '--dry-run',
          '--import-history',
          '--ruleset',
          join(dir, 'p.nft'),
          '--config',
          config,
        ),
      ).toEqual({
        stdout: '',
        stderr: `portsentry migrate nftables: /dev/zero: ${DEV_ZERO}\n`,
        status: 1,
        signal: null,
      });
    },
  );

  it('render --config /dev/zero names the config and exits 1', () => {
    expect(cli('render', 'build-ignore', '--config', '/dev/zero')).toEqual({
      stdout: '',
      stderr: `portsentry render: --config /dev/zero: cannot read the config file (${DEV_ZERO})\n`,
      status: 1,
      signal: null,
    });
  });

  it('lint conf and lint ignore refuse /dev/zero with an error and exit 2', () => {
    for (const what of ['conf', 'ignore']) {
      expect(cli('lint', what, '/dev/zero')).toEqual({
        stdout: `/dev/zero: error: /dev/zero: ${DEV_ZERO}; not reading it [unreadable-file]\nsummary: 1 error, 0 warnings, 0 info\n`,
        stderr: '',
        status: 2,
        signal: null,
      });
    }
  });
});
