import { isIPv4 } from 'node:net';
import { readBlockedLines, readIfExists } from './blocked-lines.js';
import { hostsDenyEntries } from './hosts-deny.js';
import { leftOverLine, leftOverTables, runningModes } from './leftover-tables.js';
import { canonicalAddress, listBlocked, tableExists } from './nft-set.js';
import { TABLE } from './nft.js';
import type { NftCommand } from '../system/run-nft.js';
import type { BlockSources } from './sources.js';
import { plural } from '../system/plural.js';

interface BlockedHost {
  address: string;
  /** its element in portsentry's nft set, or null */
  set: { name: string; timeoutSeconds: number | null; expiresSeconds: number | null } | null;
  /** its lines in the daemons' blocked files (what IsBlocked() reads) */
  blockedFiles: {
    path: string;
    mode: string;
    line: number;
    port: number;
    proto: 'TCP' | 'UDP';
    epoch: number;
    when: string;
  }[];
  /** its hosts.deny lines (written from KILL_HOSTS_DENY) */
  hostsDeny: { path: string; line: number; text: string }[];
}

interface BlockedListing {
  table: string;
  /** false when the table is not loaded, null when nft could not be asked */
  tableLoaded: boolean | null;
  hosts: BlockedHost[];
  /** stealth tables (ip portsentry_MODE) whose daemon is not running here (leftover-tables.ts) */
  leftOverTables: string[];
  warnings: string[];
}

const addressOrder = (a: string, b: string): number => {
  const v4a = isIPv4(a);
  const v4b = isIPv4(b);
  if (v4a !== v4b) return v4a ? -1 : 1;
  if (v4a) {
    const na = a.split('.').map(Number);
    const nb = b.split('.').map(Number);
    for (let i = 0; i < 4; i++) if (na[i] !== nb[i]) return na[i]! - nb[i]!;
    return 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
};

/**
 * Every host portsentry blocks, from its three places: the nft sets, the blocked files and
 * hosts.deny. A hosts.deny line counts only for an address portsentry itself blocked (in the set,
 * a blocked file or the history file), so hand-written entries of the same shape are not shown.
 */
export const listBlockedHosts = async (
  nft: NftCommand | { missing: string },
  sources: BlockSources,
  running: () => Set<string> = runningModes,
): Promise<BlockedListing> => {
  const hosts = new Map<string, BlockedHost>();
  const warnings: string[] = [];
  const host = (address: string): BlockedHost => {
    const key = canonicalAddress(address);
    let h = hosts.get(key);
    if (h === undefined) {
      h = { address: key, set: null, blockedFiles: [], hostsDeny: [] };
      hosts.set(key, h);
    }
    return h;
  };

  let tableLoaded: boolean | null = null;
  let leftOver: string[] = [];
  if ('missing' in nft) {
    warnings.push(`the nft sets are not listed: ${nft.missing}`);
  } else {
    try {
      tableLoaded = await tableExists(nft);
      if (tableLoaded) {
        for (const el of await listBlocked(nft)) {
          host(el.address).set = {
            name: el.set,
            timeoutSeconds: el.timeoutSeconds ?? null,
            expiresSeconds: el.expiresSeconds ?? null,
          };
        }
      } else {
        warnings.push(
          `nftables table ${TABLE} is not loaded: run portsentry migrate nftables, or load /etc/portsentry/portsentry.nft`,
        );
      }
    } catch (err) {
      warnings.push(`cannot read the nft sets: ${(err as Error).message}`);
    }
    // (when nft could not be run at all, the warning above says so once)
    if (tableLoaded !== null) {
      try {
        leftOver = await leftOverTables(nft, running);
      } catch (err) {
        warnings.push(`cannot list the stealth modes' nft tables: ${(err as Error).message}`);
      }
    }
  }

  for (const { mode, path } of sources.blockedFiles) {
    const lines = readBlockedLines(path);
    if (lines === null) continue;
    for (const l of lines) {
      host(l.address).blockedFiles.push({
        path,
        mode,
        line: l.line,
        port: l.port,
        proto: l.proto,
        epoch: l.epoch,
        when: l.when,
      });
    }
  }

  if (sources.hostsDenyTemplate !== null) {
    const content = readIfExists(sources.hostsDenyFile);
    if (content !== null) {
      const known = new Set(hosts.keys());
      if (sources.historyFile !== null)
        for (const l of readBlockedLines(sources.historyFile) ?? []) known.add(l.address);
      for (const e of hostsDenyEntries(content, sources.hostsDenyTemplate)) {
        if (known.has(e.address))
          host(e.address).hostsDeny.push({ path: sources.hostsDenyFile, line: e.line, text: e.text });
      }
    }
  }

  return {
    table: TABLE,
    tableLoaded,
    hosts: [...hosts.values()].sort((a, b) => addressOrder(a.address, b.address)),
    leftOverTables: leftOver,
    warnings,
  };
};

/** "1h2m3s" from seconds, as nft prints durations (without its milliseconds). */
const formatSeconds = (total: number): string => {
  if (total <= 0) return '0s';
  const parts: [number, string][] = [
    [Math.floor(total / 86400), 'd'],
    [Math.floor((total % 86400) / 3600), 'h'],
    [Math.floor((total % 3600) / 60), 'm'],
    [total % 60, 's'],
  ];
  return parts
    .filter(([n]) => n > 0)
    .map(([n, u]) => `${n}${u}`)
    .join('');
};

/** The table `portsentry blocked list` prints. */
export const formatListing = (listing: BlockedListing): string =>
  formatHosts(listing) + listing.leftOverTables.map(leftOverLine).join('');

const formatHosts = (listing: BlockedListing): string => {
  if (listing.hosts.length === 0) return 'No host is blocked.\n';
  const rows = listing.hosts.map((h) => [
    h.address,
    h.set === null
      ? '-'
      : h.set.expiresSeconds === null
        ? `${h.set.name}`
        : `${h.set.name}, expires in ${formatSeconds(h.set.expiresSeconds)}`,
    h.blockedFiles.length === 0 ? '-' : h.blockedFiles.map((b) => `${b.mode} port ${b.port} at ${b.when}`).join('; '),
    h.hostsDeny.length === 0 ? '-' : h.hostsDeny.map((d) => `line ${d.line}`).join(', '),
  ]);
  const header = ['ADDRESS', 'NFT SET', 'BLOCKED FILES', 'HOSTS.DENY'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ') + '\n';
  const n = listing.hosts.length;
  return line(header) + rows.map(line).join('') + `${plural(n, 'host')} blocked.\n`;
};
