import { parseBlockedLine, readIfExists } from './blocked-lines.js';
import { withoutHostsDenyLines } from './hosts-deny.js';
import type { BlockSources } from './sources.js';
import { describeFsError } from '../system/describe-fs-error.js';
import { dropLines } from '../system/drop-lines.js';
import { replaceFile } from '../system/replace-file.js';

const rewrite = (path: string, text: string): void => {
  try {
    replaceFile(path, text);
  } catch (err) {
    throw new Error(`${describeFsError(path, err)}: cannot rewrite it`);
  }
};

/** What was taken out of one file. */
export interface FileChange {
  path: string;
  removed: string[];
}

/**
 * Takes the blocked-file lines of `address` (or all of them when null) out of each blocked file,
 * so that IsBlocked() no longer reports the host and the daemon blocks it again on its next scan.
 * Every other line stays byte for byte. The history file is left as it is: it is a record.
 * Each rewritten file is added to `changes` at once, so a caller knows what was done if a later
 * file fails.
 */
export const unblockInBlockedFiles = (
  sources: BlockSources,
  address: string | null,
  changes: FileChange[] = [],
): FileChange[] => {
  for (const { path } of sources.blockedFiles) {
    const content = readIfExists(path);
    if (content === null) continue;
    const { text, removed } = dropLines(content, (line) => {
      const parsed = parseBlockedLine(line, 0);
      return parsed !== null && (address === null || parsed.address === address);
    });
    if (removed.length > 0) {
      rewrite(path, text);
      changes.push({ path, removed });
    }
  }
  return changes;
};

/** Takes the KILL_HOSTS_DENY lines of the given addresses out of hosts.deny. */
export const unblockInHostsDeny = (sources: BlockSources, addresses: readonly string[]): FileChange | null => {
  if (sources.hostsDenyTemplate === null || addresses.length === 0) return null;
  const content = readIfExists(sources.hostsDenyFile);
  if (content === null) return null;
  let text = content;
  const removed: string[] = [];
  for (const address of addresses) {
    const r = withoutHostsDenyLines(text, sources.hostsDenyTemplate, address);
    text = r.text;
    removed.push(...r.removed);
  }
  if (removed.length === 0) return null;
  rewrite(sources.hostsDenyFile, text);
  return { path: sources.hostsDenyFile, removed };
};
