import { listBlockedHosts } from './list.js';
import { flushSets, tableExists } from './nft-set.js';
import type { NftCommand } from './nft.js';
import type { BlockSources } from './sources.js';
import { saveState } from './state-file.js';
import { unblockInBlockedFiles, unblockInHostsDeny, type FileChange } from './unblock-files.js';

export interface FlushResult {
  /** how many elements the sets held */
  setElements: number;
  files: FileChange[];
  stateFile: string | null;
}

/**
 * `blocked flush`: empties both sets, takes every WriteBlocked() line out of the blocked files and
 * the KILL_HOSTS_DENY lines of every listed host out of hosts.deny, then saves the (empty) set.
 */
export const flushBlocked = async (nft: NftCommand, sources: BlockSources, stateFile: string): Promise<FlushResult> => {
  const loaded = await tableExists(nft);
  const listing = await listBlockedHosts(nft, sources);
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
  return { setElements, files, stateFile: loaded ? stateFile : null };
};

export const formatFlush = (r: FlushResult): string => {
  let out = `Removed ${r.setElements} host${r.setElements === 1 ? '' : 's'} from the nft sets.\n`;
  for (const f of r.files) out += `${f.path}: removed ${f.removed.length} line${f.removed.length === 1 ? '' : 's'}\n`;
  if (r.stateFile !== null) out += `Saved the empty set to ${r.stateFile}.\n`;
  return out;
};
