import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Netns } from '../../../test-support/netns-fixture.js';
import { needsNft, nftPath, titled } from '../../../test-support/guards.js';
import { migrateNftables } from '../migrate-nftables.js';

const SKIP = needsNft();
const NFT = nftPath();
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'portsentry-nftables');

describe('the boot script and the init.d snippet', () => {
  it('pass shellcheck as POSIX sh', () => {
    for (const file of [SCRIPT, join(dirname(SCRIPT), 'init.d-snippet')]) {
      const r = spawnSync('shellcheck', ['-s', 'sh', file], { encoding: 'utf8' });
      expect([file, r.error?.message ?? null, r.status, r.stdout]).toEqual([file, null, 0, '']);
    }
  });
});

describe.skipIf(SKIP !== null)(titled('portsentry-nftables, the boot script: blocks survive a reboot', SKIP), () => {
  let before: Netns;
  let after: Netns | null = null;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    before = Netns.create(NFT);
    dir = mkdtempSync(join(tmpdir(), 'ps-boot-'));
    env = {
      PATH: process.env.PATH,
      PORTSENTRY_NFT_RULESET: join(dir, 'portsentry.nft'),
      PORTSENTRY_NFT_STATE: join(dir, 'lib', 'nft-elements'),
      PORTSENTRY_NFT: NFT,
    };
    writeFileSync(
      join(dir, 'portsentry.conf'),
      `HISTORY_FILE="${dir}/h"\nBLOCKED_FILE="${dir}/b"\nKILL_ROUTE="/sbin/iptables -I INPUT -s $TARGET$ -j DROP"\n`,
    );
    await migrateNftables({
      configPath: join(dir, 'portsentry.conf'),
      rulesetPath: join(dir, 'portsentry.nft'),
      stateFile: join(dir, 'lib', 'nft-elements'),
      nft: before.nft,
      nftPath: NFT,
      nftPathGiven: false,
      dryRun: false,
      blockTimeout: '1d',
      importHistory: false,
    });
  });
  afterEach(() => {
    before.destroy();
    after?.destroy();
    after = null;
    rmSync(dir, { recursive: true, force: true });
  });

  const boot = (ns: Netns, action: string) => {
    const r = spawnSync('ip', ['netns', 'exec', ns.name, SCRIPT, action], { encoding: 'utf8', env, timeout: 20_000 });
    return { code: r.status, stderr: r.stderr };
  };
  const elements = (ns: Netns) => {
    const listed = ns.run([NFT, '-j', 'list', 'set', 'inet', 'portsentry', 'blocked4']).stdout;
    const set = (
      JSON.parse(listed) as { nftables: { set?: { elem?: { elem: { val: string; timeout?: number } }[] } }[] }
    ).nftables.find((x) => x.set)!.set!;
    return (set.elem ?? []).map((e) => [e.elem.val, e.elem.timeout ?? 'set default']);
  };

  it('saves the sets at shutdown and, in a fresh namespace (a reboot), loads the ruleset and the saved hosts', () => {
    before.sh(
      `${NFT} add element inet portsentry blocked4 { 127.0.0.2 }; ${NFT} add element inet portsentry blocked4 { 127.0.0.3 timeout 2h }`,
    );
    expect(boot(before, 'save')).toEqual({ code: 0, stderr: '' });
    const saved = readFileSync(join(dir, 'lib', 'nft-elements'), 'utf8');
    expect(saved).toMatch(
      /^# portsentry blocked hosts, saved \S+ by portsentry-nftables save; loaded at boot after the ruleset\.\n# saved-epoch: \d+\n/,
    );
    expect(saved).toMatch(
      /\nadd element inet portsentry blocked4 \{ 127\.0\.0\.2 expires \S+, 127\.0\.0\.3 timeout 2h expires \S+ \}\n\n$/,
    );
    expect((statSync(join(dir, 'lib', 'nft-elements')).mode & 0o777).toString(8)).toBe('600');

    after = Netns.create(NFT);
    expect(after.run([NFT, 'list', 'tables']).stdout).toBe('');
    expect(boot(after, 'start')).toEqual({ code: 0, stderr: '' });
    expect(elements(after)).toEqual([
      ['127.0.0.2', 'set default'],
      ['127.0.0.3', 7200],
    ]);
    expect(after.probe(4301, ['127.0.0.1', '127.0.0.2'])).toEqual({ '127.0.0.1': 'connected', '127.0.0.2': 'failed' });
  });

  it('counts the time the machine was down: a block that ran out meanwhile is not loaded again', () => {
    const state = join(dir, 'lib', 'nft-elements');
    const savedAt = Math.floor(Date.now() / 1000) - 3 * 3600;
    // saved three hours ago: 127.0.0.2 had 2 h left, 127.0.0.3 had 1 day, 127.0.0.4 had 3 h 10 min
    writeFileSync(
      state,
      '# portsentry blocked hosts, saved then by portsentry-nftables save; loaded at boot after the ruleset.\n' +
        `# saved-epoch: ${savedAt}\n` +
        'add element inet portsentry blocked4 { 127.0.0.2 expires 2h, 127.0.0.3 timeout 1d expires 1d, 127.0.0.4 expires 3h10m }\n' +
        'add element inet portsentry blocked6 { ::2 expires 1h59m59s500ms }\n',
    );
    after = Netns.create(NFT);
    expect(boot(after, 'start')).toEqual({ code: 0, stderr: '' });
    const expires = () =>
      (
        JSON.parse(after!.run([NFT, '-j', 'list', 'set', 'inet', 'portsentry', 'blocked4']).stdout) as {
          nftables: { set?: { elem?: { elem: { val: string; expires: number } }[] } }[];
        }
      ).nftables
        .find((x) => x.set)!
        .set!.elem!.map((e) => [e.elem.val, Math.round(e.elem.expires / 60)]);
    // minutes left: 1 day - 3 h, and 10 min (a second or two may pass while the test runs)
    expect(expires()).toEqual([
      ['127.0.0.3', 21 * 60],
      ['127.0.0.4', 10],
    ]);
    expect(after.run([NFT, 'list', 'set', 'inet', 'portsentry', 'blocked6']).stdout).not.toContain('::2');
  });

  it('keeps the hosts when started again while the table is loaded', () => {
    before.sh(`${NFT} add element inet portsentry blocked4 { 127.0.0.2 }`);
    expect(boot(before, 'start')).toEqual({ code: 0, stderr: '' });
    expect(boot(before, 'reload')).toEqual({ code: 0, stderr: '' });
    expect(elements(before)).toEqual([['127.0.0.2', 'set default']]);
    // ensure (the init script's start) leaves a loaded table alone and loads a missing one
    const handle = () =>
      /# handle (\d+)/.exec(before.run([NFT, '-a', 'list', 'table', 'inet', 'portsentry']).stdout)![1];
    const was = handle();
    expect(boot(before, 'ensure')).toEqual({ code: 0, stderr: '' });
    expect(handle()).toBe(was);
    after = Netns.create(NFT);
    expect(boot(after, 'ensure')).toEqual({ code: 0, stderr: '' });
    expect(after.run([NFT, 'list', 'set', 'inet', 'portsentry', 'blocked4']).code).toBe(0);
  });

  it('leaves the state file alone when the table is not loaded, and says what is missing', () => {
    const state = join(dir, 'lib', 'nft-elements');
    const old = readFileSync(state, 'utf8');
    after = Netns.create(NFT);
    expect(boot(after, 'save')).toEqual({
      code: 0,
      stderr: `portsentry-nftables: table inet portsentry is not loaded; ${state} left as it is\n`,
    });
    expect(readFileSync(state, 'utf8')).toBe(old);
    env.PORTSENTRY_NFT_RULESET = join(dir, 'missing.nft');
    expect(boot(after, 'start')).toEqual({
      code: 0,
      stderr: `portsentry-nftables: ${dir}/missing.nft not found (run portsentry migrate nftables); nothing to load\n`,
    });
    env.PORTSENTRY_NFT = join(dir, 'no-nft');
    expect(boot(after, 'start')).toEqual({
      code: 1,
      stderr: 'portsentry-nftables: nft not found (install the nftables package); blocked hosts are not loaded\n',
    });
    expect(boot(after, 'bogus')).toEqual({ code: 2, stderr: `usage: ${SCRIPT} start|save|reload|ensure\n` });
    expect(existsSync(join(dir, 'missing.nft'))).toBe(false);
  });
});
