import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Netns } from '../../test-support/netns-fixture.js';
import { needsNft, nftPath, titled } from '../../test-support/guards.js';
import { removeBlocked } from '../blocked/remove.js';
import { readSources } from '../blocked/sources.js';
import { migrateNftables } from './migrate-nftables.js';

const SKIP = needsNft();
const NFT = nftPath();
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'portsentry');
const WATCHED = 4201;

const until = async (what: string, check: () => boolean, ms = 10_000): Promise<void> => {
  for (let waited = 0; waited < ms; waited += 100) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`waited ${ms} ms for ${what}`);
};

describe.skipIf(SKIP !== null)(
  titled('the daemon after migrate nftables blocks a scanner through the set', SKIP),
  () => {
    let ns: Netns;
    let dir: string;
    let daemon: ReturnType<Netns['start']> | null = null;

    beforeEach(() => {
      if (!existsSync(join(ROOT, 'dist', 'src', 'commands', 'run.js')))
        throw new Error('dist/ is missing: build first (npx tsc -p tsconfig.json)');
      ns = Netns.create(NFT);
      dir = mkdtempSync(join(tmpdir(), 'ps-daemon-nft-'));
    });
    afterEach(() => {
      daemon?.kill('SIGKILL');
      ns.destroy();
      rmSync(dir, { recursive: true, force: true });
    });

    it('blocks 127.0.0.2 after its scan while 127.0.0.1 still connects, lets it back in after blocked remove, and blocks its next scan again', async () => {
      const conf = join(dir, 'portsentry.conf');
      writeFileSync(join(dir, 'portsentry.ignore'), '');
      writeFileSync(
        conf,
        `TCP_PORTS="${WATCHED}"\nIGNORE_FILE="${dir}/portsentry.ignore"\nHISTORY_FILE="${dir}/portsentry.history"\n` +
          `BLOCKED_FILE="${dir}/portsentry.blocked"\nRESOLVE_HOST="0"\nBLOCK_TCP="1"\nBLOCK_UDP="0"\nSCAN_TRIGGER="0"\n` +
          'KILL_ROUTE="/sbin/route add -host $TARGET$ reject"\n',
      );
      const state = join(dir, 'nft-elements');
      await migrateNftables({
        configPath: conf,
        rulesetPath: join(dir, 'portsentry.nft'),
        stateFile: state,
        nft: ns.nft,
        nftPath: NFT,
        nftPathGiven: false,
        dryRun: false,
        blockTimeout: undefined,
        importHistory: false,
      });

      let stderr = '';
      daemon = ns.start([process.execPath, BIN, 'run', 'tcp', '--config', conf, '--foreground'], {
        ...process.env,
        PORTSENTRY_SYSLOG_SOCKET: join(dir, 'no-syslog'),
      });
      daemon.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      await until('the daemon to listen', () => stderr.includes('PortSentry is now active and listening.'));

      const inSet = () => ns.run([NFT, 'list', 'set', 'inet', 'portsentry', 'blocked4']).stdout.includes('127.0.0.2');
      expect(ns.connect(WATCHED, '127.0.0.2')).toBe('connected');
      const blockedLine = `attackalert: Host 127.0.0.2 has been blocked via dropped route using command: "${NFT} add element inet portsentry blocked4 { 127.0.0.2 }"`;
      await until('the daemon to report the block', () => stderr.includes(blockedLine));
      expect(inSet()).toBe(true);
      expect(ns.probe(4202, ['127.0.0.1', '127.0.0.2'])).toEqual({ '127.0.0.1': 'connected', '127.0.0.2': 'failed' });
      expect(readFileSync(join(dir, 'portsentry.blocked.tcp'), 'latin1')).toMatch(
        /Host: 127\.0\.0\.2\/127\.0\.0\.2 Port: 4201 TCP Blocked\n$/,
      );

      const removed = await removeBlocked(ns.nft, readSources(conf, join(dir, 'hosts.deny')), '127.0.0.2', state);
      expect([removed.removedFromSet, removed.files.map((f) => f.path)]).toEqual([
        true,
        [join(dir, 'portsentry.blocked.tcp')],
      ]);
      expect(ns.probe(4203, ['127.0.0.2'])).toEqual({ '127.0.0.2': 'connected' });

      // the blocked file no longer names it, so IsBlocked() lets the daemon block it again
      expect(ns.connect(WATCHED, '127.0.0.2')).toBe('connected');
      await until('127.0.0.2 in the set again', inSet);
      expect(ns.probe(4204, ['127.0.0.1', '127.0.0.2'])).toEqual({ '127.0.0.1': 'connected', '127.0.0.2': 'failed' });
    });
  },
);
