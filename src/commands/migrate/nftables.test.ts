import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Netns } from '../../../test-support/netns-fixture.js';
import { needsMountNs, needsNft, nftPath, titled } from '../../../test-support/guards.js';

const SKIP = needsNft();
const NFT = nftPath();
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BIN = join(ROOT, 'bin', 'portsentry');

const CONFIG = (dir: string) =>
  `HISTORY_FILE="${dir}/portsentry.history"\nBLOCKED_FILE="${dir}/portsentry.blocked"\n# choose one\n` +
  '#KILL_ROUTE="/sbin/iptables -I INPUT -s $TARGET$ -j DROP"\nKILL_ROUTE="/sbin/route add -host $TARGET$ reject"\nSCAN_TRIGGER="0"\n';

describe.skipIf(SKIP !== null)(
  titled('portsentry migrate nftables (the command, run from bin/portsentry)', SKIP),
  () => {
    let ns: Netns;
    let dir: string;

    beforeEach(() => {
      if (!existsSync(join(ROOT, 'dist', 'src', 'commands', 'migrate', 'nftables.js'))) {
        throw new Error('dist/src/commands/migrate/nftables.js is missing: build first (npx tsc -p tsconfig.json)');
      }
      ns = Netns.create(NFT);
      dir = mkdtempSync(join(tmpdir(), 'ps-migrate-cli-'));
    });
    afterEach(() => {
      ns.destroy();
      rmSync(dir, { recursive: true, force: true });
    });

    const cli = (...args: string[]) => ns.run([process.execPath, BIN, 'migrate', 'nftables', ...args]);
    const paths = () => [
      '--config',
      join(dir, 'portsentry.conf'),
      '--ruleset',
      join(dir, 'portsentry.nft'),
      '--state-file',
      join(dir, 'state'),
    ];

    it('prints a summary of what changed, what was left and what to do next, and exits 0', () => {
      writeFileSync(join(dir, 'portsentry.conf'), CONFIG(dir));
      const r = cli(...paths(), '--block-timeout', '90m');
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toBe(
        `portsentry migrate nftables: ${dir}/portsentry.conf\n\nChanged:\n` +
          '  - line 5: KILL_ROUTE="/sbin/route add -host $TARGET$ reject"\n' +
          `    is now KILL_ROUTE="${NFT} add element inet portsentry blocked4 { $TARGET$ timeout 1h30m }"\n` +
          '    (recognised as: Linux reject route (route add -host $TARGET$ reject))\n' +
          `  - line 6: added KILL_ROUTE6="${NFT} add element inet portsentry blocked6 { $TARGET$ timeout 1h30m }"\n` +
          '    (the same for IPv6 hosts, into blocked6, once ENABLE_IPV6="1" is set; 1.2 ignores this line)\n' +
          `  - the old config is kept in ${dir}/portsentry.conf.pre-nftables\n` +
          `  - wrote ${dir}/portsentry.nft: table inet portsentry, sets blocked4 and blocked6, a drop rule early in input, blocks expiring after 1h30m\n` +
          '  - loaded the table into nftables (it was not loaded)\n' +
          `  - saved the set's 0 elements to ${dir}/state for the next boot\n` +
          '\nLeft as it was:\n' +
          `  - every other line of ${dir}/portsentry.conf\n` +
          '  - 1 other KILL_ROUTE line (line 4): commented out\n' +
          '\nNext:\n' +
          '  1. restart portsentry so that the daemons read the new KILL_ROUTE: systemctl restart portsentry (or /etc/init.d/portsentry restart)\n' +
          '  2. load the table at every boot: systemctl enable portsentry-nftables.service (the init script does it without systemd)\n' +
          '  3. routes the old KILL_ROUTE added stay until removed: "ip route show" lists them, "route del -host ADDRESS reject" (or "... gw GATEWAY") removes one; ' +
          'run migrate again with --import-history to put those hosts in the set as well\n' +
          '  4. see and undo blocks with: portsentry blocked list | remove ADDRESS | flush\n',
      );
      const again = cli(...paths(), '--block-timeout', '90m');
      expect([again.code, again.stderr]).toEqual([0, '']);
      expect(again.stdout).toBe(
        `portsentry migrate nftables: ${dir}/portsentry.conf\n` +
          `Nothing to do: line 5 already reads KILL_ROUTE="${NFT} add element inet portsentry blocked4 { $TARGET$ timeout 1h30m }", ` +
          `${dir}/portsentry.nft is up to date and the table is loaded.\n`,
      );
    });

    it('on --dry-run prints the diff, the ruleset and the plan, and changes nothing', () => {
      writeFileSync(join(dir, 'portsentry.conf'), CONFIG(dir));
      const r = cli(...paths(), '--dry-run');
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout.startsWith(`--- ${dir}/portsentry.conf\n+++ ${dir}/portsentry.conf\n@@ -2,5 +2,6 @@\n`)).toBe(
        true,
      );
      expect(r.stdout).toContain(`\n# ruleset for ${dir}/portsentry.nft:\n#!/usr/sbin/nft -f\n`);
      expect(r.stdout).toContain('(dry run: nothing was changed)');
      expect(readFileSync(join(dir, 'portsentry.conf'), 'utf8')).toBe(CONFIG(dir));
      expect(existsSync(join(dir, 'portsentry.nft'))).toBe(false);
    });

    it('exits 1 with one clear line on stderr for a bad duration, a missing nft and an unknown form', () => {
      writeFileSync(join(dir, 'portsentry.conf'), CONFIG(dir));
      const bad = cli(...paths(), '--block-timeout', 'soon');
      expect([bad.code, bad.stdout, bad.stderr]).toEqual([
        1,
        '',
        'portsentry migrate nftables: --block-timeout: expected an nft duration such as 30m, 1h, 2d or 1h30m (units d, h, m, s, ms, largest first), found "soon"\n',
      ]);
      const missing = cli(...paths(), '--nft', join(dir, 'nft'));
      expect([missing.code, missing.stderr]).toEqual([
        1,
        `portsentry migrate nftables: --nft ${dir}/nft: expected an executable nft binary, found no such file\n`,
      ]);
      writeFileSync(
        join(dir, 'portsentry.conf'),
        CONFIG(dir).replace('/sbin/route add -host $TARGET$ reject', '/opt/fw/block $TARGET$'),
      );
      const unknown = cli(...paths());
      expect([unknown.code, unknown.stderr]).toEqual([
        1,
        `portsentry migrate nftables: ${dir}/portsentry.conf:5: KILL_ROUTE="/opt/fw/block $TARGET$" is left alone: ` +
          '/opt/fw/block is not a blocking command migrate knows (route, ip route, iptables, ipchains, ipfwadm, ipfw, ipf). Nothing was changed.\n',
      ]);
      expect(existsSync(join(dir, 'portsentry.conf.pre-nftables'))).toBe(false);
    });

    const MOUNT = needsMountNs();
    it.skipIf(MOUNT !== null)(
      titled('leaves everything as it was when /etc is read-only (default paths, in a private mount namespace)', MOUNT),
      () => {
        // /etc and /var/lib get an overlay in a private mount namespace, so that /etc/portsentry can
        // exist there without touching this machine, and /etc/portsentry and /var/lib/portsentry
        // are empty directories of the test's own (whatever this machine has there is not seen); then
        // /etc and /etc/portsentry are made read-only.
        const script = `
      set -e
      for d in etc varlib; do mkdir -p "$W/$d/upper" "$W/$d/work"; done
      mkdir "$W/etc-portsentry" "$W/varlib-portsentry"
      mount -t overlay overlay -o "lowerdir=/etc,upperdir=$W/etc/upper,workdir=$W/etc/work" /etc
      mount -t overlay overlay -o "lowerdir=/var/lib,upperdir=$W/varlib/upper,workdir=$W/varlib/work" /var/lib
      mkdir -p /etc/portsentry /var/lib/portsentry
      mount --bind "$W/etc-portsentry" /etc/portsentry
      mount --bind "$W/varlib-portsentry" /var/lib/portsentry
      cp "$W/portsentry.conf" /etc/portsentry/portsentry.conf
      mount -o remount,bind,ro /etc/portsentry
      mount -o remount,ro /etc
      set +e
      ip netns exec "$NS" "$NODE" "$BIN" migrate nftables
      echo "exit=$?"
      cmp /etc/portsentry/portsentry.conf "$W/portsentry.conf" && echo config-unchanged
      [ -e /etc/portsentry/portsentry.nft ] || echo no-ruleset
      [ -e /etc/portsentry/portsentry.conf.pre-nftables ] || echo no-backup
      [ -e /var/lib/portsentry/nft-elements ] || echo no-state-file
      ip netns exec "$NS" nft list table inet portsentry >/dev/null 2>&1 || echo table-not-loaded
    `;
        writeFileSync(join(dir, 'portsentry.conf'), CONFIG(dir));
        const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], {
          encoding: 'utf8',
          timeout: 30_000,
          env: { ...process.env, W: dir, NS: ns.name, NODE: process.execPath, BIN },
        });
        expect(r.stderr).toBe(
          'portsentry migrate nftables: /etc/portsentry: EROFS (read-only file system): migrate must write there; nothing was changed\n',
        );
        expect(r.stdout).toBe('exit=1\nconfig-unchanged\nno-ruleset\nno-backup\nno-state-file\ntable-not-loaded\n');
      },
    );
  },
);
