import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

const NOT_LOADED =
  'portsentry blocked list: warning: nftables table inet portsentry is not loaded: run portsentry migrate nftables, or load /etc/portsentry/portsentry.nft\n';
const leftOver = (mode: string, family = 'ip') =>
  `left over: nft table ${family} portsentry_${mode} (no daemon running in that mode; remove with portsentry blocked flush or nft delete table ${family} portsentry_${mode})\n`;

describe.skipIf(SKIP !== null)(
  titled("portsentry blocked list: a stealth daemon's table left over after SIGKILL", SKIP),
  () => {
    let ns: Netns;
    let dir: string;
    const cli = (...args: string[]) => {
      const r = ns.run([process.execPath, BIN, 'blocked', ...args, '--config', join(dir, 'portsentry.conf')]);
      return [r.code, r.stdout, r.stderr];
    };

    beforeEach(() => {
      if (!existsSync(join(ROOT, 'dist', 'src', 'blocked', 'leftover-tables.js'))) {
        throw new Error('dist/src/blocked/leftover-tables.js is missing: build first (npx tsc -p tsconfig.json)');
      }
      ns = Netns.create(NFT);
      dir = mkdtempSync(join(tmpdir(), 'ps-leftover-'));
      writeFileSync(join(dir, 'portsentry.conf'), `HISTORY_FILE="${dir}/h"\nBLOCKED_FILE="${dir}/b"\n`);
    });
    afterEach(() => {
      ns.destroy();
      rmSync(dir, { recursive: true, force: true });
    });

    it('shows an ip6 table (ENABLE_IPV6) no daemon of its mode holds beside the ip one, and flush removes both', () => {
      expect(
        ns.run([NFT, 'add table ip portsentry_stcp; add table ip6 portsentry_stcp; add table ip6 other']),
      ).toMatchObject({ code: 0 });
      expect(cli('list')).toEqual([
        0,
        `No host is blocked.\n${leftOver('stcp')}${leftOver('stcp', 'ip6')}`,
        NOT_LOADED,
      ]);
      expect(cli('flush')).toEqual([
        0,
        'Removed 0 hosts from the nft sets.\nRemoved the left-over nft table ip portsentry_stcp.\nRemoved the left-over nft table ip6 portsentry_stcp.\n',
        '',
      ]);
      expect(ns.run([NFT, 'list', 'tables']).stdout).toBe('table ip6 other\n');
    });

    it('shows a table no daemon of its mode holds, and flush removes it', () => {
      expect(
        ns.run([NFT, 'add table ip portsentry_stcp; add table ip portsentry_audp; add table ip other']),
      ).toMatchObject({ code: 0 });
      expect(cli('list')).toEqual([0, `No host is blocked.\n${leftOver('audp')}${leftOver('stcp')}`, NOT_LOADED]);
      expect(cli('flush')).toEqual([
        0,
        'Removed 0 hosts from the nft sets.\nRemoved the left-over nft table ip portsentry_audp.\nRemoved the left-over nft table ip portsentry_stcp.\n',
        '',
      ]);
      expect(ns.run([NFT, 'list', 'tables']).stdout).toBe('table ip other\n');
      expect(cli('list')).toEqual([0, 'No host is blocked.\n', NOT_LOADED]);
    });

    it('says nothing of a table whose daemon runs in the namespace (found by command line, as portsentry-pids does)', async () => {
      expect(ns.run([NFT, 'add table ip portsentry_stcp; add table ip portsentry_sudp'])).toMatchObject({ code: 0 });
      // a stand-in daemon: node running a script named portsentry with -stcp
      const script = join(dir, 'portsentry');
      writeFileSync(script, 'process.stdout.write("up\\n"); setTimeout(() => undefined, 60_000);\n');
      const daemon = ns.start([process.execPath, script, '-stcp']);
      await new Promise<void>((resolve) => daemon.stdout.once('data', () => resolve()));
      try {
        expect(cli('list')).toEqual([0, `No host is blocked.\n${leftOver('sudp')}`, NOT_LOADED]);
      } finally {
        daemon.kill('SIGKILL');
      }
    });
  },
);
