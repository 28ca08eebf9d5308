import { log } from '../messages/legacy-messages.js';
import type { Mode } from '../config/settings.js';
import { cleanUpOnFatalSignals } from '../system/fatal-signals.js';
import type { Capture } from './pcap-source.js';
import {
  installRule,
  removeRule,
  ruleInPlaceAsync,
  tableName,
  type NftFamily,
  type VisibilityRule,
} from './visibility.js';

/** NFLOG groups tried when the first is taken (another portsentry, another logger) */
const GROUP_TRIES = 16;
/** how often we check that a firewall reload has not removed our table */
const RULE_CHECK_MS = 10_000;
const MODE_OFFSET: Record<Mode, number> = { tcp: 0, udp: 1, stcp: 2, sudp: 3, atcp: 4, audp: 5 };

interface NflogCaptureOptions {
  family: NftFamily;
  mode: Mode;
  /** the first group of this family's block: a mode takes groupBase + its offset + 8 * try */
  groupBase: number;
  /** the rule's match (bpf-filter.ts nftMatch or nftMatch6) */
  match: string;
  /** opens the capture on a source such as "nflog:GROUP" (pcap-source.ts openCapture); throws when taken */
  open: (source: string) => Capture;
  emit: (text: string) => void;
}

/**
 * A capture behind a table of our own, the stealth modes' view of what the firewall accepted
 * (both families: packet-detector.ts for ip, packet-detector6.ts for ENABLE_IPV6's ip6): NFLOG
 * on the first group of the mode's block that is free, and our rule sending there. The table is
 * taken away when the daemon exits, and also before a signal ends it as it ends 1.2; every 10 s
 * the kernel's count of dropped packets is reported when it grew, and the table is put back
 * when a firewall reload removed it (one line when it is back, one when it cannot be).
 * Returns the capture, or why there is none (the caller falls back to a tap).
 */
export const openNflogCapture = (opts: NflogCaptureOptions): { capture: Capture } | { why: string } => {
  const table = tableName(opts.mode);
  // the name lines give the table: its family as well for ip6, as 1.2's one family needed none
  const label = opts.family === 'ip' ? table : `${opts.family} ${table}`;
  let lastError = '';
  for (let i = 0; i < GROUP_TRIES; i++) {
    const group = opts.groupBase + MODE_OFFSET[opts.mode] + 8 * i;
    let capture: Capture;
    try {
      capture = opts.open(`nflog:${group}`);
    } catch (e) {
      lastError = (e as Error).message;
      continue;
    }
    const rule: VisibilityRule = { family: opts.family, table, group, match: opts.match };
    try {
      installRule(rule);
    } catch (e) {
      capture.close();
      return { why: `cannot add netfilter table ${label}: ${(e as Error).message}` };
    }
    const remove = () => removeRule(table, undefined, opts.family);
    process.on('exit', remove);
    cleanUpOnFatalSignals(remove);
    const watch = new RuleWatch(rule, label, capture, opts.emit);
    setInterval(() => void watch.check(), RULE_CHECK_MS).unref();
    return { capture };
  }
  return { why: lastError };
};

/** the periodic look at one capture and its table */
class RuleWatch {
  private lost = false;
  private dropsReported = 0;
  constructor(
    private readonly rule: VisibilityRule,
    private readonly label: string,
    private readonly capture: Capture,
    private readonly emit: (text: string) => void,
  ) {}

  async check(): Promise<void> {
    const drops = this.capture.drops();
    if (drops !== null && drops > this.dropsReported) {
      this.emit(log.ours.packetsLost(drops - this.dropsReported, drops));
      this.dropsReported = drops;
    }
    if (await ruleInPlaceAsync(this.rule)) {
      this.lost = false;
      return;
    }
    try {
      installRule(this.rule);
      this.emit(log.ours.firewallRuleRestored(this.label));
      this.lost = false;
    } catch (e) {
      if (!this.lost) this.emit(log.ours.firewallRuleLost(this.label, (e as Error).message));
      this.lost = true;
    }
  }
}
