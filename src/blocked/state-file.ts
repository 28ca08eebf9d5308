import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { addElementsScript, listBlocked, type SetElement } from './nft-set.js';
import { replaceFile } from '../system/replace-file.js';
import type { NftCommand } from '../system/run-nft.js';

/**
 * The state file holds portsentry's set elements between boots as an nft script of `add element`
 * lines, each with the time it had left. The boot script loads the ruleset, then this file.
 * `blocked remove` and `blocked flush`, `migrate nftables` and the shut-down step rewrite it.
 */
export const stateFileText = (elements: readonly SetElement[], now: Date): string =>
  `# portsentry blocked hosts, saved ${now.toISOString()}; loaded at boot after the ruleset.\n` +
  '# Written by `portsentry blocked` and portsentry-nftables save; edits are overwritten.\n' +
  // the boot script shortens each host's time left by the time since this (portsentry-nftables)
  `# saved-epoch: ${Math.floor(now.getTime() / 1000)}\n` +
  addElementsScript(elements);

/** Saves the sets' current elements to `path`; returns how many were saved. */
export const saveState = async (nft: NftCommand, path: string, now = new Date()): Promise<number> => {
  const elements = await listBlocked(nft);
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  replaceFile(path, stateFileText(elements, now), 'utf8', 0o600);
  return elements.length;
};
