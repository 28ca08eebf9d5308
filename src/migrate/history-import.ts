import { isIPv4, isIPv6 } from 'node:net';
import { readBlockedLines } from '../blocked/blocked-lines.js';
import { canonicalAddress, setFor } from '../blocked/nft-set.js';
import type { BlockSources } from '../blocked/sources.js';
import { SET4, SET6 } from '../blocked/nft.js';

interface HistoryHosts {
  /** each address once, in the order first seen */
  hosts: { address: string; set: typeof SET4 | typeof SET6 }[];
  /** the files that were read */
  files: string[];
}

/** --import-history: the hosts of the history file and the blocked files, each once. */
export const historyHosts = (sources: BlockSources): HistoryHosts => {
  const paths = [
    ...(sources.historyFile === null ? [] : [sources.historyFile]),
    ...sources.blockedFiles.map((b) => b.path),
  ];
  const seen = new Set<string>();
  const hosts: HistoryHosts['hosts'] = [];
  const files: string[] = [];
  for (const path of paths) {
    const lines = readBlockedLines(path);
    if (lines === null) continue;
    files.push(path);
    for (const l of lines) {
      if (!isIPv4(l.address) && !isIPv6(l.address)) continue;
      const address = canonicalAddress(l.address);
      if (seen.has(address)) continue;
      seen.add(address);
      hosts.push({ address, set: setFor(address)! });
    }
  }
  return { hosts, files };
};
