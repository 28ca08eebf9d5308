import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Netns } from '../../test-support/netns-fixture.js';
import { needsNft, nftPath, titled } from '../../test-support/guards.js';
import { buildResponse } from '../responders/kill-commands.js';
import { migrateNftables, MigrateError, type MigrateOptions } from './migrate-nftables.js';

const SKIP = needsNft();
const NFT = nftPath();

// Every KILL_ROUTE form of the upstream and Debian samples, plus the iproute2 one.
const FORMS: [string, string][] = [
  ['route-gateway (generic)', '/sbin/route add $TARGET$ 333.444.555.666'],
  ['route-gateway-linux', '/sbin/route add -host $TARGET$ gw 333.444.555.666'],
  ['route-reject', '/sbin/route add -host $TARGET$ reject'],
  ['route-gateway (Sun)', '/usr/sbin/route add $TARGET$ 333.444.555.666 1'],
  ['route-gateway (NEXTSTEP)', '/usr/etc/route add $TARGET$ 127.0.0.1 1'],
  ['route-blackhole-freebsd', 'route add -net $TARGET$ -netmask 255.255.255.255 127.0.0.1 -blackhole'],
  ['route-blackhole-tru64', '/sbin/route add -host -blackhole $TARGET$ 127.0.0.1'],
  ['route-net-hpux', '/usr/sbin/route add net $TARGET$ netmask 255.255.255.0 127.0.0.1'],
  ['ipfwadm with logging', '/sbin/ipfwadm -I -i deny -S $TARGET$ -o'],
  ['ipfwadm', '/sbin/ipfwadm -I -i deny -S $TARGET$'],
  ['ipchains with logging', '/sbin/ipchains -I input -s $TARGET$ -j DENY -l'],
  ['ipchains', '/sbin/ipchains -I input -s $TARGET$ -j DENY'],
  ['iptables (upstream path)', '/usr/local/bin/iptables -I INPUT -s $TARGET$ -j DROP'],
  ['iptables (Debian path)', '/sbin/iptables -I INPUT -s $TARGET$ -j DROP'],
  [
    'iptables DROP and LOG pair',
    "/sbin/iptables -I INPUT -s $TARGET$ -j DROP && /sbin/iptables -I INPUT -s $TARGET$ -m limit --limit 3/minute --limit-burst 5 -j LOG --log-level DEBUG --log-prefix 'Portsentry: dropping: '",
  ],
  ['ipfw', '/sbin/ipfw add 1 deny all from $TARGET$:255.255.255.255 to any'],
  ['ipf', "/bin/echo 'block in log on external_interface from $TARGET$/32 to any' | /sbin/ipf -f -"],
  ['ip route', '/sbin/ip route add blackhole $TARGET$'],
];

/**
 * A config shaped like Debian's: comments, blank lines, the commented-out alternatives, one active
 * KILL_ROUTE (line 14), and lines after it that must survive byte for byte (a tab, a CR, latin1).
 */
const configWith = (dir: string, active: string): string =>
  [
    '# PortSentry Configuration',
    '#',
    'TCP_PORTS="1,11,15,79,111"',
    'UDP_PORTS="1,7,9,69"',
    `IGNORE_FILE="${dir}/portsentry.ignore"`,
    `HISTORY_FILE="${dir}/portsentry.history"`,
    `BLOCKED_FILE="${dir}/portsentry.blocked"`,
    'BLOCK_UDP="1"',
    'BLOCK_TCP="1"',
    '# Generic',
    '#KILL_ROUTE="/sbin/route add $TARGET$ 333.444.555.666"',
    '',
    '# the active one',
    `KILL_ROUTE="${active}"`,
    '#KILL_ROUTE="/sbin/iptables -I INPUT -s $TARGET$ -j DROP"',
    '# KILL_ROUTE="/sbin/iptables -I INPUT -s $TARGET$ -j DROP && /sbin/iptables -I INPUT -s $TARGET$ -j LOG"',
    'KILL_HOSTS_DENY="ALL: $TARGET$ : DENY"',
    'PORT_BANNER="** UNAUTHORIZED ACCESS\tPROHIBITED **"\r',
    '# caf\xe9 au lait',
    'SCAN_TRIGGER="0"',
  ].join('\n') + '\n';

describe.skipIf(SKIP !== null)(titled('migrateNftables against real nft in a fresh network namespace', SKIP), () => {
  let ns: Netns;
  let dir: string;
  let opts: MigrateOptions;
  const configPath = () => join(dir, 'portsentry.conf');

  beforeEach(() => {
    ns = Netns.create(NFT);
    dir = mkdtempSync(join(tmpdir(), 'ps-migrate-'));
    opts = {
      configPath: join(dir, 'portsentry.conf'),
      rulesetPath: join(dir, 'etc', 'portsentry.nft'),
      stateFile: join(dir, 'lib', 'nft-elements'),
      nft: ns.nft,
      nftPath: NFT,
      nftPathGiven: false,
      dryRun: false,
      blockTimeout: undefined,
      importHistory: false,
      now: new Date('2026-11-25T10:00:00Z'),
    };
  });
  afterEach(() => {
    ns.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  /** what the daemon runs for a hit from `address` (KillRoute(): substitution, then /bin/sh -c) */
  const runKillRoute = (address: string) => {
    const value = /^KILL_ROUTE="([^"]*)"$/m.exec(readFileSync(configPath(), 'latin1'))![1]!;
    const command = buildResponse('KILL_ROUTE', value, address, 1, 'tcp', () => undefined)!;
    const r = ns.sh(command);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  };

  it.each(FORMS)(
    'migrates the %s form: one line changes, the ruleset passes nft -c and loads, and 127.0.0.2 is blocked while 127.0.0.1 connects',
    async (_name, form) => {
      const original = configWith(dir, form);
      writeFileSync(configPath(), original, 'latin1');
      const report = await migrateNftables(opts);

      const newLine = `${NFT} add element inet portsentry blocked4 { $TARGET$ }`;
      expect(report.line).toBe(14);
      expect(report.newValue).toBe(newLine);
      const expected = original.split('\n');
      expected[13] = `KILL_ROUTE="${newLine}"`;
      // and the same for IPv6 hosts (ENABLE_IPV6) on a line of its own right after it
      expected.splice(14, 0, `KILL_ROUTE6="${NFT} add element inet portsentry blocked6 { $TARGET$ }"`);
      expect(report.killRoute6).toEqual({
        action: 'added',
        line: 15,
        oldValue: null,
        value: `${NFT} add element inet portsentry blocked6 { $TARGET$ }`,
      });
      expect(readFileSync(configPath(), 'latin1')).toBe(expected.join('\n'));
      expect(readFileSync(`${configPath()}.pre-nftables`, 'latin1')).toBe(original);
      expect(report.otherLines.map((l) => l.line)).toEqual([11, 15, 16]);

      const ruleset = readFileSync(opts.rulesetPath, 'utf8');
      expect(ruleset).toContain(`# KILL_ROUTE before migration: ${form}\n`);
      expect(ns.run([ns.nftPath, '-c', '-f', opts.rulesetPath]).code).toBe(0);
      expect(ns.run([ns.nftPath, 'list', 'set', 'inet', 'portsentry', 'blocked4']).code).toBe(0);

      runKillRoute('127.0.0.2');
      expect(ns.probe(4001, ['127.0.0.1', '127.0.0.2'])).toEqual({ '127.0.0.1': 'connected', '127.0.0.2': 'failed' });
    },
  );

  it("writes the log rule, with the LOG pair's prefix, level, rate and burst, ahead of the drop rule", async () => {
    writeFileSync(configPath(), configWith(dir, FORMS[14]![1]), 'latin1');
    await migrateNftables(opts);
    expect(readFileSync(opts.rulesetPath, 'utf8')).toContain(
      '\t\tip saddr @blocked4 limit rate 3/minute burst 5 packets log prefix "Portsentry: dropping: " level debug\n',
    );
    // nft lists the rules in its own spelling (it leaves out burst 5, its default)
    const listed = ns.run([ns.nftPath, 'list', 'chain', 'inet', 'portsentry', 'input']).stdout;
    const rules = listed
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.includes('saddr'));
    expect(rules).toEqual([
      'ip saddr @blocked4 limit rate 3/minute log prefix "Portsentry: dropping: " level debug',
      'ip6 saddr @blocked6 limit rate 3/minute log prefix "Portsentry: dropping: " level debug',
      'ip saddr @blocked4 drop',
      'ip6 saddr @blocked6 drop',
    ]);
  });

  it('changes nothing when run a second time: same bytes, same times, same table, no new backup', async () => {
    writeFileSync(configPath(), configWith(dir, FORMS[2]![1]), 'latin1');
    mkdirSync(join(dir, 'x'));
    writeFileSync(
      join(dir, 'portsentry.history'),
      '1764000000 - 11/24/2025 16:00:00 Host: 127.0.0.7/127.0.0.7 Port: 1 TCP Blocked\n',
    );
    await migrateNftables({ ...opts, blockTimeout: '1h', importHistory: true });
    const files = [configPath(), opts.rulesetPath, opts.stateFile];
    const before = files.map((f) => [readFileSync(f, 'latin1'), statSync(f).mtimeMs]);
    const tableBefore = ns.run([ns.nftPath, 'list', 'table', 'inet', 'portsentry']).stdout.replace(/expires \S+/g, '');

    const again = await migrateNftables({ ...opts, blockTimeout: '60m', importHistory: true });
    expect(again.configChanged).toBe(false);
    expect(again.rulesetChanged).toBe(false);
    expect(again.table).toBe('unchanged');
    expect(again.imported).toEqual({ added: 0, alreadyBlocked: 1, files: [join(dir, 'portsentry.history')] });
    expect(again.stateSaved).toBe(null);
    expect(again.backupPath).toBe(null);
    expect(files.map((f) => [readFileSync(f, 'latin1'), statSync(f).mtimeMs])).toEqual(before);
    expect(existsSync(`${configPath()}.pre-nftables.1`)).toBe(false);
    expect(ns.run([ns.nftPath, 'list', 'table', 'inet', 'portsentry']).stdout.replace(/expires \S+/g, '')).toBe(
      tableBefore,
    );

    // without --block-timeout it keeps the timeout the first run set
    const third = await migrateNftables(opts);
    expect([third.configChanged, third.rulesetChanged, third.table, third.blockTimeout]).toEqual([
      false,
      false,
      'unchanged',
      '1h',
    ]);
  });

  it('prints the unified diff and the ruleset on --dry-run and changes nothing', async () => {
    const original = configWith(dir, FORMS[2]![1]);
    writeFileSync(configPath(), original, 'latin1');
    const report = await migrateNftables({ ...opts, dryRun: true, blockTimeout: '30m' });
    expect(report.diff).toBe(
      `--- ${configPath()}\n+++ ${configPath()}\n@@ -11,7 +11,8 @@\n` +
        ' #KILL_ROUTE="/sbin/route add $TARGET$ 333.444.555.666"\n \n # the active one\n' +
        '-KILL_ROUTE="/sbin/route add -host $TARGET$ reject"\n' +
        `+KILL_ROUTE="${NFT} add element inet portsentry blocked4 { $TARGET$ timeout 30m }"\n` +
        `+KILL_ROUTE6="${NFT} add element inet portsentry blocked6 { $TARGET$ timeout 30m }"\n` +
        ' #KILL_ROUTE="/sbin/iptables -I INPUT -s $TARGET$ -j DROP"\n' +
        ' # KILL_ROUTE="/sbin/iptables -I INPUT -s $TARGET$ -j DROP && /sbin/iptables -I INPUT -s $TARGET$ -j LOG"\n' +
        ' KILL_HOSTS_DENY="ALL: $TARGET$ : DENY"\n',
    );
    expect(report.ruleset).toContain('\t\ttimeout 30m\n');
    expect(readFileSync(configPath(), 'latin1')).toBe(original);
    expect(existsSync(opts.rulesetPath)).toBe(false);
    expect(existsSync(`${configPath()}.pre-nftables`)).toBe(false);
    expect(ns.run([ns.nftPath, 'list', 'table', 'inet', 'portsentry']).code).not.toBe(0);

    // the diff is a real one: patch applies it and gives what migrate then writes
    const copy = join(dir, 'patched.conf');
    writeFileSync(copy, original, 'latin1');
    const p = spawnSync('patch', ['-s', copy], { input: Buffer.from(report.diff, 'latin1') });
    expect(p.status).toBe(0);
    await migrateNftables({ ...opts, blockTimeout: '30m' });
    expect(readFileSync(copy, 'latin1')).toBe(readFileSync(configPath(), 'latin1'));
  });

  it('writes KILL_ROUTE6 for the blocked6 set, which puts an IPv6 host in it, and updates only its own', async () => {
    writeFileSync(configPath(), configWith(dir, FORMS[2]![1]), 'latin1');
    await migrateNftables(opts);
    const value = /^KILL_ROUTE6="([^"]*)"$/m.exec(readFileSync(configPath(), 'latin1'))![1]!;
    const command = buildResponse('KILL_ROUTE6', value, 'fd00::2', 1, 'tcp', () => undefined, true)!;
    expect(command).toBe(`${NFT} add element inet portsentry blocked6 { fd00::2 }`);
    expect(ns.sh(command).code).toBe(0);
    expect(ns.run([ns.nftPath, 'list', 'set', 'inet', 'portsentry', 'blocked6']).stdout).toContain(
      'elements = { fd00::2 }',
    );
    // run again with a timeout: the line migrate wrote follows; an admin's own command stays
    const again = await migrateNftables({ ...opts, blockTimeout: '1h' });
    expect(again.killRoute6).toMatchObject({ action: 'updated', line: 15 });
    expect(readFileSync(configPath(), 'latin1')).toContain(
      `KILL_ROUTE6="${NFT} add element inet portsentry blocked6 { $TARGET$ timeout 1h }"\n`,
    );
    const own = readFileSync(configPath(), 'latin1').replace(
      /^KILL_ROUTE6=.*$/m,
      'KILL_ROUTE6="/sbin/ip6tables -I INPUT -s $TARGET$ -j DROP"',
    );
    writeFileSync(configPath(), own, 'latin1');
    const kept = await migrateNftables({ ...opts, blockTimeout: '1h' });
    expect(kept.killRoute6).toEqual({
      action: 'kept',
      line: 15,
      oldValue: '/sbin/ip6tables -I INPUT -s $TARGET$ -j DROP',
      value: '/sbin/ip6tables -I INPUT -s $TARGET$ -j DROP',
    });
    expect(readFileSync(configPath(), 'latin1')).toBe(own);
  });

  it('lets blocks expire after --block-timeout', async () => {
    writeFileSync(configPath(), configWith(dir, FORMS[2]![1]), 'latin1');
    // 5 s: the probe (a node started in the namespace, then a connect given 1 s) must end while the
    // block still holds, even on a loaded machine
    await migrateNftables({ ...opts, blockTimeout: '5s' });
    runKillRoute('127.0.0.2');
    expect(ns.probe(4002, ['127.0.0.2'])).toEqual({ '127.0.0.2': 'failed' });
    let listed = '';
    for (let i = 0; i < 80; i++) {
      listed = ns.run([ns.nftPath, 'list', 'set', 'inet', 'portsentry', 'blocked4']).stdout;
      if (!listed.includes('127.0.0.2')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(listed).not.toContain('127.0.0.2');
    expect(ns.probe(4003, ['127.0.0.2'])).toEqual({ '127.0.0.2': 'connected' });
  });

  it('imports the hosts of the history and blocked files, and keeps the set through a reload', async () => {
    writeFileSync(configPath(), configWith(dir, FORMS[13]![1]), 'latin1');
    writeFileSync(
      join(dir, 'portsentry.history'),
      '1764000000 - 11/24/2025 16:00:00 Host: 127.0.0.2/127.0.0.2 Port: 1 TCP Blocked\n' +
        'not a blocked line\n' +
        '1764000001 - 11/24/2025 16:00:01 Host: attacker.example/127.0.0.3 Port: 69 UDP Blocked\n',
    );
    writeFileSync(
      join(dir, 'portsentry.blocked.atcp'),
      '1764000002 - 11/24/2025 16:00:02 Host: 127.0.0.4/127.0.0.4 Port: 111 TCP Blocked\n',
    );
    const report = await migrateNftables({ ...opts, importHistory: true });
    expect(report.imported).toEqual({
      added: 3,
      alreadyBlocked: 0,
      files: [join(dir, 'portsentry.history'), join(dir, 'portsentry.blocked.atcp')],
    });
    expect(report.stateSaved).toBe(3);
    expect(readFileSync(opts.stateFile, 'utf8')).toBe(
      '# portsentry blocked hosts, saved 2026-11-25T10:00:00.000Z; loaded at boot after the ruleset.\n' +
        '# Written by `portsentry blocked` and portsentry-nftables save; edits are overwritten.\n' +
        '# saved-epoch: 1795600800\n' +
        'add element inet portsentry blocked4 { 127.0.0.2, 127.0.0.3, 127.0.0.4 }\n',
    );
    expect(ns.probe(4004, ['127.0.0.1', '127.0.0.3'])).toEqual({ '127.0.0.1': 'connected', '127.0.0.3': 'failed' });

    // a new timeout reloads the table; the hosts already in the set stay in it
    const again = await migrateNftables({ ...opts, blockTimeout: '1d' });
    expect([again.table, again.keptElements, again.configChanged]).toEqual(['reloaded', 3, true]);
    expect(ns.run([ns.nftPath, 'list', 'set', 'inet', 'portsentry', 'blocked4']).stdout).toMatch(
      /elements = \{ 127\.0\.0\.2 expires \S+, 127\.0\.0\.3 expires \S+,\s+127\.0\.0\.4 expires \S+ \}/,
    );
  });
});

describe('migrateNftables given bad input: a clear message, and the config untouched', () => {
  let dir: string;
  let opts: MigrateOptions;
  const configPath = () => join(dir, 'portsentry.conf');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ps-migrate-bad-'));
    // every refusal comes before nft is run: an nft that is not there would say so in the message
    opts = {
      configPath: join(dir, 'portsentry.conf'),
      rulesetPath: join(dir, 'etc', 'portsentry.nft'),
      stateFile: join(dir, 'lib', 'nft-elements'),
      nft: [join(dir, 'nft-never-run')],
      nftPath: NFT,
      nftPathGiven: false,
      dryRun: false,
      blockTimeout: undefined,
      importHistory: false,
      now: new Date('2026-11-25T10:00:00Z'),
    };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const expectUntouched = async (o: MigrateOptions, content: string, message: string) => {
    await expect(migrateNftables(o)).rejects.toThrow(new MigrateError(message));
    expect(readFileSync(o.configPath, 'latin1')).toBe(content);
    expect(existsSync(o.rulesetPath)).toBe(false);
    expect(existsSync(`${o.configPath}.pre-nftables`)).toBe(false);
  };

  it('refuses a --block-timeout that is not an nft duration', async () => {
    const content = configWith(dir, FORMS[2]![1]);
    writeFileSync(configPath(), content, 'latin1');
    await expectUntouched(
      { ...opts, blockTimeout: '1 hour' },
      content,
      '--block-timeout: expected an nft duration such as 30m, 1h, 2d or 1h30m (units d, h, m, s, ms, largest first), found "1 hour"',
    );
  });

  it('refuses a KILL_ROUTE it cannot translate and says why', async () => {
    const content = configWith(dir, '/sbin/iptables -I INPUT -s $TARGET$ -p tcp --dport 22 -j DROP');
    writeFileSync(configPath(), content, 'latin1');
    await expectUntouched(
      opts,
      content,
      `${configPath()}:14: KILL_ROUTE="/sbin/iptables -I INPUT -s $TARGET$ -p tcp --dport 22 -j DROP" is left alone: ` +
        'iptables: "-p" is an option the recognised forms do not have; a set of addresses blocks all of a host\'s traffic and cannot express it. Nothing was changed.',
    );
  });

  it('refuses a config whose KILL_ROUTE lines are all commented out', async () => {
    const content = configWith(dir, 'x').replace('KILL_ROUTE="x"', '#KILL_ROUTE="x"');
    writeFileSync(configPath(), content, 'latin1');
    await expectUntouched(
      opts,
      content,
      `${configPath()}: expected an active KILL_ROUTE="..." line, found none: the 4 KILL_ROUTE lines are commented out (lines 11, 14, 15, 16). ` +
        '1.2 blocks no route with this config; migrate only rewrites an existing KILL_ROUTE. Uncomment the one you use and run migrate again.',
    );
  });

  it('refuses a KILL_ROUTE value that 1.2 cuts at a tab', async () => {
    const content = configWith(dir, '/sbin/route add -host $TARGET$\treject');
    writeFileSync(configPath(), content, 'latin1');
    await expectUntouched(
      opts,
      content,
      `${configPath()}:14: expected KILL_ROUTE's value to end with a quote, found that a tab inside the quotes cuts the value there (column 43); fix the line first`,
    );
  });

  it('refuses a missing file, a directory and a binary file', async () => {
    await expect(migrateNftables(opts)).rejects.toThrow(
      new MigrateError(`${configPath()}: cannot read the config file (ENOENT)`),
    );
    await expect(migrateNftables({ ...opts, configPath: dir })).rejects.toThrow(
      new MigrateError(`${dir}: expected a config file, found a directory`),
    );
    const binary = Buffer.concat([
      Buffer.from('KILL_ROUTE="/sbin/route add -host $TARGET$ reject"\n'),
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]),
    ]);
    writeFileSync(configPath(), binary);
    await expect(migrateNftables(opts)).rejects.toThrow(
      new MigrateError(`${configPath()}: expected a text config file, found a NUL byte at offset 55 (a binary file?)`),
    );
    expect(readFileSync(configPath())).toEqual(binary);
  });

  it('stops when nft is missing or fails, before writing anything', async () => {
    const content = configWith(dir, FORMS[2]![1]);
    writeFileSync(configPath(), content, 'latin1');
    await expectUntouched(
      { ...opts, nft: [join(dir, 'no-such-nft')] },
      content,
      `${opts.rulesetPath} (not written): nft: cannot run ${join(dir, 'no-such-nft')}: ENOENT (no such file or directory)`,
    );
    const failing = join(dir, 'failing-nft');
    writeFileSync(failing, '#!/bin/sh\necho "Error: Could not process rule: Operation not permitted" >&2\nexit 1\n');
    chmodSync(failing, 0o755);
    await expectUntouched(
      { ...opts, nft: [failing] },
      content,
      `${opts.rulesetPath} (not written): nft: expected exit status 0, found 1: Error: Could not process rule: Operation not permitted`,
    );
  });
});
