import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Netns } from '../../test-support/netns-fixture.js';
import { needsNft, nftPath, titled } from '../../test-support/guards.js';
import { blockedLine } from '../messages/legacy-messages.js';
import { renderRuleset } from '../migrate/ruleset.js';
import { flushBlocked } from './flush.js';
import { listBlockedHosts } from './list.js';
import { parseAddress, removeBlocked } from './remove.js';
import { readSources, type BlockSources } from './sources.js';

const SKIP = needsNft();
const NFT = nftPath();
const when = new Date(2025, 10, 25, 9, 0, 0);

describe.skipIf(SKIP !== null)(
  titled('portsentry blocked with IPv6 hosts: the blocked6 set, the blocked files and hosts.deny "[addr]" lines', SKIP),
  () => {
    let ns: Netns;
    let dir: string;
    let sources: BlockSources;

    beforeEach(() => {
      ns = Netns.create(NFT);
      dir = mkdtempSync(join(tmpdir(), 'ps-blocked6-'));
      writeFileSync(
        join(dir, 'portsentry.conf'),
        `BLOCKED_FILE="${dir}/portsentry.blocked"\nHISTORY_FILE="${dir}/portsentry.history"\nKILL_HOSTS_DENY="ALL: $TARGET$ : DENY"\nENABLE_IPV6="1"\n`,
      );
      // what the daemon wrote for two IPv6 scanners and one IPv4 one
      writeFileSync(
        join(dir, 'portsentry.blocked.tcp'),
        blockedLine(when, 'fd00::2', 'fd00::2', 143, 'TCP') + blockedLine(when, '127.0.0.2', '127.0.0.2', 143, 'TCP'),
      );
      writeFileSync(join(dir, 'portsentry.blocked.udp'), blockedLine(when, 'scanner6', 'fd00::3', 53, 'UDP'));
      writeFileSync(join(dir, 'portsentry.history'), readFileSync(join(dir, 'portsentry.blocked.tcp')));
      writeFileSync(
        join(dir, 'hosts.deny'),
        'ALL: [fd00::2] : DENY\nALL: 127.0.0.2 : DENY\nALL: [fd00::3] : DENY\nALL: [fd00::9] : DENY\n',
      );
      sources = readSources(join(dir, 'portsentry.conf'), join(dir, 'hosts.deny'));
      const ruleset = renderRuleset({ blockTimeout: null, log: null, inputInterface: null, replaces: null });
      expect(ns.run([NFT, '-f', '-'], ruleset).code).toBe(0);
      expect(ns.run([NFT, 'add', 'element', 'inet', 'portsentry', 'blocked6', '{ fd00::2, fd00::3 }']).code).toBe(0);
      expect(ns.run([NFT, 'add', 'element', 'inet', 'portsentry', 'blocked4', '{ 127.0.0.2 }']).code).toBe(0);
    });
    afterEach(() => {
      ns.destroy();
      rmSync(dir, { recursive: true, force: true });
    });

    it('lists an IPv6 host once, with its set, blocked-file lines and hosts.deny line', async () => {
      const listing = await listBlockedHosts(ns.nft, sources);
      expect(
        listing.hosts.map((h) => [
          h.address,
          h.set?.name,
          h.blockedFiles.map((b) => `${b.mode}:${b.line}`),
          h.hostsDeny.map((d) => d.line),
        ]),
      ).toEqual([
        ['127.0.0.2', 'blocked4', ['tcp:2'], [2]],
        ['fd00::2', 'blocked6', ['tcp:1'], [1]],
        ['fd00::3', 'blocked6', ['udp:1'], [3]],
      ]);
    });

    it('removes an IPv6 host given in any text form from the set, its blocked file and hosts.deny, and nothing else', async () => {
      const address = parseAddress('FD00:0::2');
      expect(address).toBe('fd00::2');
      const r = await removeBlocked(ns.nft, sources, address, join(dir, 'nft-elements'));
      expect(r.removedFromSet).toBe(true);
      expect(readFileSync(join(dir, 'portsentry.blocked.tcp'), 'latin1')).toBe(
        blockedLine(when, '127.0.0.2', '127.0.0.2', 143, 'TCP'),
      );
      expect(readFileSync(join(dir, 'hosts.deny'), 'latin1')).toBe(
        'ALL: 127.0.0.2 : DENY\nALL: [fd00::3] : DENY\nALL: [fd00::9] : DENY\n',
      );
      expect(ns.run([NFT, 'list', 'set', 'inet', 'portsentry', 'blocked6']).stdout).toContain('elements = { fd00::3 }');
      expect(readFileSync(join(dir, 'nft-elements'), 'utf8')).toContain('fd00::3');
      expect(readFileSync(join(dir, 'nft-elements'), 'utf8')).not.toContain('fd00::2');
    });

    it('flushes IPv6 hosts with the others, leaving the hand-written hosts.deny line', async () => {
      await flushBlocked(ns.nft, sources, join(dir, 'nft-elements'), () => new Set());
      expect(readFileSync(join(dir, 'portsentry.blocked.tcp'), 'latin1')).toBe('');
      expect(readFileSync(join(dir, 'portsentry.blocked.udp'), 'latin1')).toBe('');
      expect(readFileSync(join(dir, 'hosts.deny'), 'latin1')).toBe('ALL: [fd00::9] : DENY\n');
      expect(ns.run([NFT, 'list', 'set', 'inet', 'portsentry', 'blocked6']).stdout).not.toContain('fd00::');
    });
  },
);
