import { parseAddress } from './address.js';
import { listBlockedHosts } from './list.js';
import { deleteElement, tableExists } from './nft-set.js';
import type { NftCommand } from '../system/run-nft.js';
import type { BlockSources } from './sources.js';
import { plural } from '../system/plural.js';
import { saveState } from './state-file.js';
import { unblockInBlockedFiles, unblockInHostsDeny, type FileChange } from './unblock-files.js';

interface RemoveResult {
  address: string;
  removedFromSet: boolean;
  files: FileChange[];
  /** where the remaining elements were saved, or null when the table is not loaded */
  stateFile: string | null;
}

export class NotBlockedError extends Error {}

/** Checks an address given on the command line (address.ts): its canonical text, or an Error saying what is wrong. */
export { parseAddress };

/**
 * `blocked remove`: takes one host out of the nft set, the blocked files and hosts.deny (in that
 * order: the set is what stops its packets), then saves the set for the next boot.
 */
export const removeBlocked = async (
  nft: NftCommand,
  sources: BlockSources,
  address: string,
  stateFile: string,
): Promise<RemoveResult> => {
  const loaded = await tableExists(nft);
  const listing = await listBlockedHosts(nft, sources);
  if (!listing.hosts.some((h) => h.address === address)) {
    throw new NotBlockedError(
      `${address} is not blocked: it is in neither the nft set, the blocked files nor hosts.deny`,
    );
  }
  const removedFromSet = loaded ? await deleteElement(nft, address) : false;
  const files: FileChange[] = [];
  try {
    unblockInBlockedFiles(sources, address, files);
    const deny = unblockInHostsDeny(sources, [address]);
    if (deny !== null) files.push(deny);
  } catch (err) {
    if (removedFromSet) await saveState(nft, stateFile);
    const done = [...(removedFromSet ? ['the nft set (its packets pass)'] : []), ...files.map((f) => f.path)];
    throw new Error(
      `${done.length > 0 ? `${address} is out of ${done.join(' and ')}, but ` : ''}${(err as Error).message}`,
    );
  }
  if (loaded) await saveState(nft, stateFile);
  return { address, removedFromSet, files, stateFile: loaded ? stateFile : null };
};

export const formatRemove = (r: RemoveResult): string => {
  let out = `Unblocked ${r.address}:\n`;
  out += r.removedFromSet ? '  removed from the nft set\n' : '  was not in the nft set\n';
  for (const f of r.files) out += `  ${f.path}: removed ${plural(f.removed.length, 'line')}\n`;
  if (r.stateFile !== null) out += `  saved the remaining set to ${r.stateFile}\n`;
  return out;
};
