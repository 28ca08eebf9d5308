/**
 * See what 1.2 sees. 1.2 reads a raw socket, which the kernel feeds after the firewall's input
 * hooks: a host the firewall drops (e.g. by KILL_ROUTE) is never seen again. A plain tap would
 * still see it. So we capture on libpcap's "nflog:GROUP" device, fed by a netfilter rule of our
 * own: a table per mode, one chain on the input hook at the last priority (after every filter
 * chain, iptables' included), one rule that logs, to our group, only the packets the mode would
 * look at (bpf-filter.ts nftMatch). A packet dropped by any earlier chain never reaches the rule.
 */
import { native } from '../system/native.js';
import { installedNft, NFT_CANDIDATES } from '../system/find-nft.js';
import { NFT_LIMITS, nftOrThrow, nftOrThrowSync, type NftCommand } from '../system/run-nft.js';
import { loadProgramRunner } from '../system/run-program.js';

/** last possible priority: after filter (0), security (50) and anything else on the hook */
export const RULE_PRIORITY = 2147483647;
/** IP header (at most 60 bytes) + the first 20 bytes of TCP: all 1.2 reads of a packet */
const RULE_SNAPLEN = 128;
/**
 * IPv6 (ENABLE_IPV6): the 40-byte header, a chain of extension headers (packet-decode6.ts walks
 * at most 8) and the first bytes of TCP; a chain longer than this is counted as truncated
 */
const RULE_SNAPLEN6 = 512;
/**
 * the kernel batches NFLOG messages until 100 are queued or a second has passed; 1.2 reports a
 * packet at once, so each packet is sent on its own
 */
const RULE_QUEUE_THRESHOLD = 1;
/** first NFLOG group tried; each mode gets its own, the next free ones when taken */
export const GROUP_BASE = 0x5053;

export interface VisibilityRule {
  /** nft family: 'ip' (1.2's IPv4, the default) or 'ip6' (ENABLE_IPV6's table beside it) */
  family?: NftFamily;
  table: string;
  group: number;
  /** one rule per line (bpf-filter.ts nftMatch) */
  match: string;
}

export type NftFamily = 'ip' | 'ip6';

/** the table's name, the same in both families (`ip portsentry_stcp`, `ip6 portsentry_stcp`) */
export const tableName = (mode: string): string => `portsentry_${mode}`;

/** nft input (for `nft -f -`): replaces our table, whatever it held, in one transaction */
export const ruleset = (rule: VisibilityRule): string => {
  const family = rule.family ?? 'ip';
  const snaplen = family === 'ip6' ? RULE_SNAPLEN6 : RULE_SNAPLEN;
  return (
    `add table ${family} ${rule.table}\n` +
    `delete table ${family} ${rule.table}\n` +
    `table ${family} ${rule.table} {\n` +
    `\tchain input {\n` +
    `\t\ttype filter hook input priority ${RULE_PRIORITY}; policy accept;\n` +
    rule.match
      .split('\n')
      .map((m) => `\t\t${m} log group ${rule.group} snaplen ${snaplen} queue-threshold ${RULE_QUEUE_THRESHOLD}\n`)
      .join('') +
    `\t}\n` +
    `}\n`
  );
};

export const removal = (table: string, family: NftFamily = 'ip'): string =>
  `add table ${family} ${table}\ndelete table ${family} ${table}\n`;

type Runner = (args: string[], input?: string) => string;

/** the daemon's own nft runs are small: a ruleset in, a table listed */
const LIMITS = { ...NFT_LIMITS, timeoutMs: 5000 };

/** one line for the log: nft's complaint without the rule it quotes and the carets under it */
const firstLine = (err: unknown): Error => new Error(((err as Error).message.split('\n')[0] ?? '').trim());

const installed = (): NftCommand => {
  const nft = installedNft();
  if (nft === null) throw new Error(`nft not found in ${NFT_CANDIDATES.join(', ')}`);
  return [nft];
};

const nftProcess: Runner = (args, input) => {
  try {
    return nftOrThrowSync(installed(), args, input, LIMITS);
  } catch (err) {
    throw firstLine(err);
  }
};

/**
 * A script for `nft -f -`, or a `list` command, goes through libnftables in this process when it
 * is there (what the nft program does, without starting one: about 1 ms instead of 20); anything
 * else, or no libnftables, runs the nft program. The list commands are ours (a family and a table
 * name), so joining their words is the command nft would have parsed from its arguments.
 */
const defaultRunner: Runner = (args, input) => {
  const script =
    args.length === 2 && args[0] === '-f' && args[1] === '-' && input !== undefined
      ? input
      : args[0] === 'list' && input === undefined
        ? `${args.join(' ')}\n`
        : null;
  const result = script === null ? null : native().nftRun(script);
  if (result === null) return nftProcess(args, input);
  if (!result.ok) throw new Error(`libnftables: ${result.error.trim().split('\n')[0] ?? 'failed'}`);
  return result.output;
};

/**
 * To await before the first rule: where libnftables is missing, the rules go through the nft program,
 * whose runner is loaded only then (run-program.ts loadProgramRunner), so that a daemon with the
 * library never loads it at start-up.
 */
export const prepareRules = async (): Promise<void> => {
  if (!native().nftAvailable()) await loadProgramRunner();
};

/** Installs (or re-installs) the rule; throws an Error naming nft's complaint. */
export const installRule = (rule: VisibilityRule, run: Runner = defaultRunner): void => {
  run(['-f', '-'], ruleset(rule));
};

/** Removes our table; never throws (used on the way out). */
export const removeRule = (table: string, run: Runner = defaultRunner, family: NftFamily = 'ip'): void => {
  try {
    run(['-f', '-'], removal(table, family));
  } catch {
    /* already gone, or nft vanished: nothing left to do */
  }
};

/** true when our table is still there with its rule (a firewall reload may flush every table) */
export const ruleInPlace = (rule: VisibilityRule, run: Runner = defaultRunner): boolean => {
  try {
    return run(['list', 'table', rule.family ?? 'ip', rule.table]).includes(`log group ${rule.group}`);
  } catch {
    return false;
  }
};

/**
 * The same check for the periodic watch over our rule, without blocking the capture for an nft
 * process: through libnftables (about 1 ms) when it is there, else the nft program, awaited.
 */
export const ruleInPlaceAsync = async (rule: VisibilityRule): Promise<boolean> => {
  if (native().nftAvailable()) return ruleInPlace(rule);
  const nft = installedNft();
  if (nft === null) return false;
  try {
    return (await nftOrThrow([nft], ['list', 'table', rule.family ?? 'ip', rule.table], undefined, LIMITS)).includes(
      `log group ${rule.group}`,
    );
  } catch {
    return false;
  }
};
