import { SET4, TABLE } from '../blocked/nft.js';

/**
 * The KILL_ROUTE migrate writes: one command 1.2's system() runs after putting the cleaned
 * address (digits and dots only) in place of $TARGET$. The braces are plain words to sh.
 */
export const ownKillRoute = (nftPath: string, timeout: string | null): string =>
  `${nftPath} add element ${TABLE} ${SET4} { $TARGET$${timeout === null ? '' : ` timeout ${timeout}`} }`;

const OWN = /^(\/?(?:[^\s/]+\/)*nft) add element inet portsentry blocked4 \{ \$TARGET\$(?: timeout (\S+))? \}$/;

/** The nft path and timeout of a KILL_ROUTE migrate wrote, or null for any other value. */
export const parseOwnKillRoute = (value: string): { nftPath: string; timeout: string | null } | null => {
  const m = OWN.exec(value);
  return m === null ? null : { nftPath: m[1]!, timeout: m[2] ?? null };
};
