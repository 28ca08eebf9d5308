import { deleteModeTable, runningModes } from './leftover-tables.js';
import { listBlockedHosts } from './list.js';
import { flushSets, tableExists } from './nft-set.js';
import type { NftCommand } from '../system/run-nft.js';
import type { BlockSources } from './sources.js';
import { plural } from '../system/plural.js';
import { saveState } from './state-file.js';
import { unblockInBlockedFiles, unblockInHostsDeny, type FileChange } from './unblock-files.js';

interface FlushResult {
  /** how many elements the sets held */
  setElements: number;
  files: FileChange[];
  stateFile: string | null;
  /** left-over stealth tables removed (leftover-tables.ts) */
  tablesRemoved: string[];
}

/**
 * `blocked flush`: empties both sets, takes every WriteBlocked() line out of the blocked files and
 * the KILL_HOSTS_DENY lines of every listed host out of hosts.deny, then saves the (empty) set;
 * last, it deletes the stealth tables no running daemon holds (left over after a SIGKILL).
 */
export const flushBlocked = async (
  nft: NftCommand,
  sources: BlockSources,
  stateFile: string,
  running: () => Set<string> = runningModes,
): Promise<FlushResult> => {
  const loaded = await tableExists(nft);
  const listing = await listBlockedHosts(nft, sources, running);
  const setElements = listing.hosts.filter((h) => h.set !== null).length;
  if (loaded) await flushSets(nft);
  const files: FileChange[] = [];
  try {
    unblockInBlockedFiles(sources, null, files);
    const deny = unblockInHostsDeny(
      sources,
      listing.hosts.filter((h) => h.hostsDeny.length > 0).map((h) => h.address),
    );
    if (deny !== null) files.push(deny);
  } catch (err) {
    if (loaded) await saveState(nft, stateFile);
    const done = [...(loaded ? ['the nft sets are empty'] : []), ...files.map((f) => `${f.path} is emptied`)];
    throw new Error(`${done.length > 0 ? `${done.join(', ')}, but ` : ''}${(err as Error).message}`);
  }
  if (loaded) await saveState(nft, stateFile);
  const tablesRemoved: string[] = [];
  for (const table of listing.leftOverTables) {
    await deleteModeTable(nft, table);
    tablesRemoved.push(table);
  }
  return { setElements, files, stateFile: loaded ? stateFile : null, tablesRemoved };
};

export const formatFlush = (r: FlushResult): string => {
  let out = `Removed ${plural(r.setElements, 'host')} from the nft sets.\n`;
  for (const f of r.files) out += `${f.path}: removed ${plural(f.removed.length, 'line')}\n`;
  if (r.stateFile !== null) out += `Saved the empty set to ${r.stateFile}.\n`;
  for (const t of r.tablesRemoved) out += `Removed the left-over nft table ${t}.\n`;
  return out;
};
