import { SET4, SET6, TABLE } from '../blocked/nft.js';

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

/**
 * The KILL_ROUTE6 migrate writes next to KILL_ROUTE: the same command for the blocked6 set, run for
 * IPv6 hosts (only with ENABLE_IPV6="1"; 1.2 never reads the key).
 */
export const ownKillRoute6 = (nftPath: string, timeout: string | null): string =>
  `${nftPath} add element ${TABLE} ${SET6} { $TARGET$${timeout === null ? '' : ` timeout ${timeout}`} }`;

const OWN6 = /^(\/?(?:[^\s/]+\/)*nft) add element inet portsentry blocked6 \{ \$TARGET\$(?: timeout (\S+))? \}$/;

/** true when a KILL_ROUTE6 value is one migrate wrote */
export const isOwnKillRoute6 = (value: string): boolean => OWN6.test(value);
