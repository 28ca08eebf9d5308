/**
 * Stealth daemons' own nft tables (`ip portsentry_MODE`, src/capture/visibility.ts) that outlived
 * their daemon: one killed with SIGKILL cannot remove its table, which then stays until the next
 * start of that mode.
 *
 * "No daemon running in that mode" is decided as debian/scripts/portsentry-pids finds daemons, by
 * command line (/proc/PID/cmdline): a program named portsentry with the mode as its first argument
 * ("-stcp"), node or nodejs running a script named portsentry with it, or either with "run MODE";
 * and, since a table belongs to one network namespace, only processes in this one count
 * (/proc/PID/ns/net is ours), alive and not zombies (proc-stat.ts isRunning).
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';
import { isRunning } from '../daemon/proc-stat.js';
import { nftOrThrow, type NftCommand } from '../system/run-nft.js';

const MODES = ['tcp', 'udp', 'stcp', 'sudp', 'atcp', 'audp'] as const;
const TABLE_PREFIX = 'portsentry_';

/** The mode a portsentry daemon's argv runs, or null when the argv is not one. */
const daemonMode = (argv: readonly string[]): string | null => {
  let rest = argv;
  const prog = basename(rest[0] ?? '');
  if (prog === 'node' || prog === 'nodejs') rest = rest.slice(1);
  if (basename(rest[0] ?? '') !== 'portsentry') return null;
  const first = rest[1] ?? '';
  const mode = first === 'run' ? (rest[2] ?? '') : first.startsWith('-') ? first.slice(1) : '';
  return (MODES as readonly string[]).includes(mode) ? mode : null;
};

/** The modes of the portsentry daemons running in this network namespace. */
export const runningModes = (): Set<string> => {
  const modes = new Set<string>();
  let own: string;
  try {
    own = readlinkSync('/proc/self/ns/net');
  } catch {
    return modes;
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    try {
      if (readlinkSync(`/proc/${pid}/ns/net`) !== own) continue;
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0');
      if (argv[argv.length - 1] === '') argv.pop();
      const mode = daemonMode(argv);
      if (mode !== null && isRunning(pid)) modes.add(mode);
    } catch {
      /* gone, or not ours to read */
    }
  }
  return modes;
};

/** the families a stealth daemon makes its table in: `ip`, and `ip6` with ENABLE_IPV6 (same name) */
const FAMILIES = ['ip', 'ip6'] as const;

/** The `ip portsentry_MODE` and `ip6 portsentry_MODE` tables in this namespace (nft -j list tables FAMILY). */
const modeTables = async (nft: NftCommand): Promise<string[]> => {
  const names: string[] = [];
  for (const family of FAMILIES) {
    const out = await nftOrThrow(nft, ['-j', 'list', 'tables', family]);
    let items: unknown;
    try {
      items = (JSON.parse(out) as { nftables?: unknown }).nftables;
    } catch {
      throw new Error(`nft -j list tables ${family}: expected JSON, found ${JSON.stringify(out.slice(0, 80))}`);
    }
    if (!Array.isArray(items))
      throw new Error(`nft -j list tables ${family}: expected an "nftables" array in its JSON output`);
    for (const item of items) {
      const t = (item as { table?: { family?: string; name?: string } }).table;
      if (t?.family !== family || typeof t.name !== 'string' || !t.name.startsWith(TABLE_PREFIX)) continue;
      if ((MODES as readonly string[]).includes(t.name.slice(TABLE_PREFIX.length))) names.push(`${family} ${t.name}`);
    }
  }
  return names.sort();
};

/** The mode tables no daemon of that mode in this namespace holds, e.g. ["ip portsentry_stcp", "ip6 portsentry_stcp"]. */
export const leftOverTables = async (nft: NftCommand, running: () => Set<string> = runningModes): Promise<string[]> => {
  const tables = await modeTables(nft);
  if (tables.length === 0) return [];
  const modes = running();
  return tables.filter((t) => !modes.has(t.slice(t.indexOf(TABLE_PREFIX) + TABLE_PREFIX.length)));
};

export const deleteModeTable = async (nft: NftCommand, table: string): Promise<void> => {
  const [family, name] = table.split(' ');
  await nftOrThrow(nft, ['delete', 'table', family!, name!]);
};

/** The line `blocked list` prints for one left-over table. */
export const leftOverLine = (table: string): string =>
  `left over: nft table ${table} (no daemon running in that mode; remove with portsentry blocked flush or nft delete table ${table})\n`;
