/**
 * For the tests of the nftables template: nft in a network namespace of its own (unshare -n, which
 * dies with the command), so that nothing on the host is read or changed. Needs root and nft.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { needsNft } from './guards.js';

/** null when nft can be run here, else why not */
export const nftUnavailable: string | null = needsNft();

export interface NftResult {
  /** nft -c -f: its status and stderr ("0 " when it accepts the file) */
  check: string;
  /** after a real load: one line per table, set, chain and rule (a rule as the kinds of its expressions) */
  outline: string[];
}

/** checks `text` with nft -c -f, then loads it into an empty namespace and outlines what it made */
export const nftCheck = (text: string, file: string): NftResult => {
  writeFileSync(file, text);
  const check = spawnSync('unshare', ['-n', 'nft', '-c', '-f', file], { encoding: 'utf8' });
  const load = spawnSync('unshare', ['-n', 'sh', '-c', 'nft -f "$1" && nft -j list ruleset', 'sh', file], {
    encoding: 'utf8',
  });
  if (load.status !== 0) return { check: `${check.status} ${check.stderr}`, outline: [`load failed: ${load.stderr}`] };
  const items = (JSON.parse(load.stdout) as { nftables: Record<string, Record<string, unknown>>[] }).nftables;
  const outline = items.flatMap((item) => {
    const [kind, body] = Object.entries(item)[0]!;
    if (kind === 'metainfo') return [];
    if (kind === 'table') return [`table ${String(body.family)} ${String(body.name)}`];
    if (kind === 'rule')
      return [
        `rule ${String(body.family)} ${String(body.table)} ${String(body.chain)}: ${(body.expr as object[]).map((e) => Object.keys(e)[0]).join(' ')}`,
      ];
    return [`${kind} ${String(body.family)} ${String(body.table)} ${String(body.name)}`];
  });
  return { check: `${check.status} ${check.stderr}`, outline };
};
