import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderRuleset } from '../migrate/ruleset.js';
import { flushBlocked, formatFlush } from './flush.js';
import { formatListing, listBlockedHosts } from './list.js';
import { Netns } from '../../test-support/netns-fixture.js';
import { needsNft, nftPath, titled } from '../../test-support/guards.js';
import { formatRemove, NotBlockedError, parseAddress, removeBlocked } from './remove.js';
import { readSources, type BlockSources } from './sources.js';

const SKIP = needsNft();
const NFT = nftPath();
const line = (epoch: number, when: string, host: string, port: number, proto: string) =>
  `${epoch} - ${when} Host: ${host}/${host} Port: ${port} ${proto} Blocked\n`;

describe('parseAddress, the address blocked remove is given', () => {
  it('refuses what is not one IPv4 or IPv6 address, saying what it found', () => {
    expect(() => parseAddress('127.0.0.256')).toThrow(
      '127.0.0.256: expected an IPv4 address (like 192.0.2.7) or an IPv6 address (like 2001:db8::7), found neither',
    );
    expect(() => parseAddress('; rm -rf /')).toThrow(
      '"; rm -rf /": expected an IPv4 address (like 192.0.2.7) or an IPv6 address (like 2001:db8::7) without spaces, found a space',
    );
  });
});

describe.skipIf(SKIP !== null)(
  titled('portsentry blocked: the nft set, the blocked files and hosts.deny kept consistent', SKIP),
  () => {
    let ns: Netns;
    let dir: string;
    let sources: BlockSources;
    let state: string;

    beforeEach(() => {
      ns = Netns.create(NFT);
      dir = mkdtempSync(join(tmpdir(), 'ps-blocked-'));
      state = join(dir, 'nft-elements');
      writeFileSync(
        join(dir, 'portsentry.conf'),
        `BLOCKED_FILE="${dir}/portsentry.blocked"\nHISTORY_FILE="${dir}/portsentry.history"\nKILL_HOSTS_DENY="ALL: $TARGET$ : DENY"\n`,
      );
      // the daemons' files: 127.0.0.2 blocked in tcp mode (set, file, hosts.deny), 127.0.0.5 in udp
      // mode before the migration (file and hosts.deny only), a hand-written hosts.deny entry
      writeFileSync(
        join(dir, 'portsentry.blocked.tcp'),
        line(1764061200, '11/25/2025 09:00:00', '127.0.0.2', 143, 'TCP'),
      );
      writeFileSync(
        join(dir, 'portsentry.blocked.udp'),
        line(1764061260, '11/25/2025 09:01:00', '127.0.0.5', 69, 'UDP'),
      );
      writeFileSync(join(dir, 'portsentry.history'), line(1764061200, '11/25/2025 09:00:00', '127.0.0.2', 143, 'TCP'));
      writeFileSync(
        join(dir, 'hosts.deny'),
        '# /etc/hosts.deny\nALL: 10.9.9.9 : DENY\nALL: 127.0.0.2 : DENY\nALL: 127.0.0.5 : DENY\n',
      );
      sources = readSources(join(dir, 'portsentry.conf'), join(dir, 'hosts.deny'));
      expect(
        ns.run([NFT, '-f', '-'], renderRuleset({ blockTimeout: null, log: null, inputInterface: null, replaces: null }))
          .code,
      ).toBe(0);
      expect(ns.run([NFT, 'add', 'element', 'inet', 'portsentry', 'blocked4', '{ 127.0.0.2 }']).code).toBe(0);
      expect(ns.run([NFT, 'add', 'element', 'inet', 'portsentry', 'blocked6', '{ ::2 timeout 1h }']).code).toBe(0);
    });
    afterEach(() => {
      ns.destroy();
      rmSync(dir, { recursive: true, force: true });
    });

    it('lists each host once with where it is blocked, and leaves hand-written hosts.deny lines out', async () => {
      const listing = await listBlockedHosts(ns.nft, sources);
      expect(
        listing.hosts.map((h) => ({
          ...h,
          set: h.set && { ...h.set, expiresSeconds: h.set.expiresSeconds === null ? null : 'n' },
        })),
      ).toEqual([
        {
          address: '127.0.0.2',
          set: { name: 'blocked4', timeoutSeconds: null, expiresSeconds: null },
          blockedFiles: [
            {
              path: join(dir, 'portsentry.blocked.tcp'),
              mode: 'tcp',
              line: 1,
              port: 143,
              proto: 'TCP',
              epoch: 1764061200,
              when: '11/25/2025 09:00:00',
            },
          ],
          hostsDeny: [{ path: join(dir, 'hosts.deny'), line: 3, text: 'ALL: 127.0.0.2 : DENY' }],
        },
        {
          address: '127.0.0.5',
          set: null,
          blockedFiles: [
            {
              path: join(dir, 'portsentry.blocked.udp'),
              mode: 'udp',
              line: 1,
              port: 69,
              proto: 'UDP',
              epoch: 1764061260,
              when: '11/25/2025 09:01:00',
            },
          ],
          hostsDeny: [{ path: join(dir, 'hosts.deny'), line: 4, text: 'ALL: 127.0.0.5 : DENY' }],
        },
        {
          address: '::2',
          set: { name: 'blocked6', timeoutSeconds: 3600, expiresSeconds: 'n' },
          blockedFiles: [],
          hostsDeny: [],
        },
      ]);
      expect([listing.table, listing.tableLoaded, listing.warnings]).toEqual(['inet portsentry', true, []]);
      // the seconds left change while the test runs: fix them to format the table
      const fixed = {
        ...listing,
        hosts: listing.hosts.map((h) =>
          h.set?.expiresSeconds ? { ...h, set: { ...h.set, expiresSeconds: 3599 } } : h,
        ),
      };
      expect(formatListing(fixed)).toBe(
        'ADDRESS    NFT SET                      BLOCKED FILES                        HOSTS.DENY\n' +
          '127.0.0.2  blocked4                     tcp port 143 at 11/25/2025 09:00:00  line 3\n' +
          '127.0.0.5  -                            udp port 69 at 11/25/2025 09:01:00   line 4\n' +
          '::2        blocked6, expires in 59m59s  -                                    -\n' +
          '3 hosts blocked.\n',
      );
    });

    it('removes one host from all three places so that it can connect again, and saves the set', async () => {
      runKillRouteBlock(ns);
      expect(ns.probe(4101, ['127.0.0.1', '127.0.0.2'])).toEqual({ '127.0.0.1': 'connected', '127.0.0.2': 'failed' });
      const r = await removeBlocked(ns.nft, sources, '127.0.0.2', state);
      expect(r).toEqual({
        address: '127.0.0.2',
        removedFromSet: true,
        files: [
          {
            path: join(dir, 'portsentry.blocked.tcp'),
            removed: [line(1764061200, '11/25/2025 09:00:00', '127.0.0.2', 143, 'TCP').trimEnd()],
          },
          { path: join(dir, 'hosts.deny'), removed: ['ALL: 127.0.0.2 : DENY'] },
        ],
        stateFile: state,
      });
      expect(formatRemove(r)).toBe(
        `Unblocked 127.0.0.2:\n  removed from the nft set\n  ${dir}/portsentry.blocked.tcp: removed 1 line\n  ${dir}/hosts.deny: removed 1 line\n  saved the remaining set to ${state}\n`,
      );
      expect(ns.probe(4102, ['127.0.0.2'])).toEqual({ '127.0.0.2': 'connected' });
      expect(readFileSync(join(dir, 'portsentry.blocked.tcp'), 'latin1')).toBe('');
      expect(readFileSync(join(dir, 'hosts.deny'), 'latin1')).toBe(
        '# /etc/hosts.deny\nALL: 10.9.9.9 : DENY\nALL: 127.0.0.5 : DENY\n',
      );
      expect(readFileSync(join(dir, 'portsentry.history'), 'latin1')).toContain('127.0.0.2');
      expect(readFileSync(state, 'utf8')).toMatch(
        /\nadd element inet portsentry blocked6 \{ ::2 timeout 3600s expires \d+s \}\n$/,
      );
      expect(readFileSync(state, 'utf8')).not.toContain('blocked4');
      expect((await listBlockedHosts(ns.nft, sources)).hosts.map((h) => h.address)).toEqual(['127.0.0.5', '::2']);
    });

    it('removes a host that is only in the files, and refuses one that is nowhere', async () => {
      const r = await removeBlocked(ns.nft, sources, '127.0.0.5', state);
      expect([r.removedFromSet, r.files.map((f) => f.path)]).toEqual([
        false,
        [join(dir, 'portsentry.blocked.udp'), join(dir, 'hosts.deny')],
      ]);
      await expect(removeBlocked(ns.nft, sources, '127.0.0.9', state)).rejects.toThrow(
        new NotBlockedError('127.0.0.9 is not blocked: it is in neither the nft set, the blocked files nor hosts.deny'),
      );
      expect(await removeBlocked(ns.nft, sources, parseAddress('0:0::2'), state)).toMatchObject({
        address: '::2',
        removedFromSet: true,
      });
    });

    it('says what it did when hosts.deny cannot be rewritten', async () => {
      const readOnly = join(dir, 'ro');
      expect(spawnSync('mkdir', [readOnly]).status).toBe(0);
      writeFileSync(join(readOnly, 'hosts.deny'), 'ALL: 127.0.0.2 : DENY\n');
      // root ignores file permissions, so the rewrite is made to fail by a directory where its
      // temporary file would go (the read-only /etc case is tested on migrate, in a mount namespace)
      const temp = join(readOnly, `.hosts.deny.${process.pid}.tmp`);
      expect(spawnSync('mkdir', [temp]).status).toBe(0);
      await expect(
        removeBlocked(ns.nft, { ...sources, hostsDenyFile: join(readOnly, 'hosts.deny') }, '127.0.0.2', state),
      ).rejects.toThrow(
        `127.0.0.2 is out of the nft set (its packets pass) and ${join(dir, 'portsentry.blocked.tcp')}, but ${join(readOnly, 'hosts.deny')}: EEXIST (a temporary file of that name already exists): cannot rewrite it`,
      );
      expect(readFileSync(join(readOnly, 'hosts.deny'), 'latin1')).toBe('ALL: 127.0.0.2 : DENY\n');
      expect(readFileSync(state, 'utf8')).not.toContain('127.0.0.2');
    });

    it('flushes the sets, the blocked files and the hosts.deny lines of blocked hosts, keeping hand-written ones', async () => {
      runKillRouteBlock(ns);
      const r = await flushBlocked(ns.nft, sources, state);
      expect(formatFlush(r)).toBe(
        `Removed 2 hosts from the nft sets.\n${dir}/portsentry.blocked.tcp: removed 1 line\n${dir}/portsentry.blocked.udp: removed 1 line\n` +
          `${dir}/hosts.deny: removed 2 lines\nSaved the empty set to ${state}.\n`,
      );
      expect(readFileSync(join(dir, 'hosts.deny'), 'latin1')).toBe('# /etc/hosts.deny\nALL: 10.9.9.9 : DENY\n');
      expect((await listBlockedHosts(ns.nft, sources)).hosts).toEqual([]);
      expect(ns.probe(4103, ['127.0.0.2'])).toEqual({ '127.0.0.2': 'connected' });
      expect(
        readFileSync(state, 'utf8')
          .split('\n')
          .filter((l) => !l.startsWith('#')),
      ).toEqual(['']);
    });

    it('still lists the files, with a warning, when the table is not loaded', async () => {
      ns.run([ns.nftPath, 'delete', 'table', 'inet', 'portsentry']);
      const listing = await listBlockedHosts(ns.nft, sources);
      expect(listing.tableLoaded).toBe(false);
      expect(listing.warnings).toEqual([
        'nftables table inet portsentry is not loaded: run portsentry migrate nftables, or load /etc/portsentry/portsentry.nft',
      ]);
      expect(listing.hosts.map((h) => h.address)).toEqual(['127.0.0.2', '127.0.0.5']);
      const r = await removeBlocked(ns.nft, sources, '127.0.0.2', state);
      expect([r.removedFromSet, r.stateFile, existsSync(state)]).toEqual([false, null, false]);
    });

    it('still lists the files, with a warning, when nft is missing or fails', async () => {
      const missing = await listBlockedHosts({ missing: 'nft not found' }, sources);
      expect([missing.tableLoaded, missing.warnings, missing.hosts.map((h) => h.address)]).toEqual([
        null,
        ['the nft sets are not listed: nft not found'],
        ['127.0.0.2', '127.0.0.5'],
      ]);
      const failing = await listBlockedHosts([join(dir, 'no-nft')], sources);
      expect([failing.tableLoaded, failing.warnings]).toEqual([
        null,
        [`cannot read the nft sets: nft: cannot run ${join(dir, 'no-nft')}: ENOENT (no such file or directory)`],
      ]);
    });
  },
);

/** the KILL_ROUTE migrate writes, run as KillRoute() runs it, for 127.0.0.2 */
const runKillRouteBlock = (ns: Netns) => {
  const r = ns.sh(`${ns.nftPath} add element inet portsentry blocked4 { 127.0.0.2 }`);
  expect([r.code, r.stderr]).toEqual([0, '']);
};
