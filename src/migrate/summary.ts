import type { MigrateReport } from './migrate-nftables.js';
import type { FormId } from './kill-route-forms.js';
import { plural, pluralWord } from '../system/plural.js';

/** How to find and remove what the old command left behind, per family of forms. */
const oldBlocksAdvice = (form: FormId): string => {
  switch (form) {
    case 'route-reject':
    case 'route-gateway-linux':
      return 'routes the old KILL_ROUTE added stay until removed: "ip route show" lists them, "route del -host ADDRESS reject" (or "... gw GATEWAY") removes one';
    case 'ip-route':
      return 'routes the old KILL_ROUTE added stay until removed: "ip route show type blackhole" (or unreachable, prohibit) lists them, "ip route del ADDRESS" removes one';
    case 'iptables':
    case 'iptables-log-pair':
      return 'rules the old KILL_ROUTE added stay in INPUT until removed: "iptables -S INPUT" lists them, "iptables -D INPUT -s ADDRESS/32 -j DROP" removes one (and its LOG rule)';
    default:
      return 'the old command does not run on current Linux systems, so it left no blocks to remove';
  }
};

/** The human summary of `portsentry migrate nftables`: what changed, what was left, what next. */
export const formatSummary = (r: MigrateReport): string => {
  const would = r.dryRun;
  const v = (done: string, planned: string) => (would ? planned : done);
  let out = `portsentry migrate nftables${would ? ' (dry run: nothing was changed)' : ''}: ${r.configPath}\n`;

  const changes: string[] = [];
  const k6 = r.killRoute6;
  if (r.configChanged && r.oldValue !== r.newValue) {
    changes.push(
      `line ${r.line}: KILL_ROUTE="${r.oldValue}"\n` +
        `    ${v('is now', 'would be')} KILL_ROUTE="${r.newValue}"` +
        (r.alreadyMigrated ? '' : `\n    (recognised as: ${r.from?.description})`),
    );
  }
  if (k6.action === 'added')
    changes.push(
      `line ${k6.line}: ${v('added', 'would add')} KILL_ROUTE6="${k6.value}"\n` +
        '    (the same for IPv6 hosts, into blocked6, once ENABLE_IPV6="1" is set; 1.2 ignores this line)',
    );
  if (k6.action === 'updated')
    changes.push(
      `line ${k6.line}: KILL_ROUTE6="${k6.oldValue}"\n    ${v('is now', 'would be')} KILL_ROUTE6="${k6.value}"`,
    );
  if (r.configChanged) {
    if (r.backupPath !== null) changes.push(`the old config is kept in ${r.backupPath}`);
    else if (would) changes.push('the old config would be kept in a backup next to it (.pre-nftables)');
  }
  const what = [
    'table inet portsentry',
    'sets blocked4 and blocked6',
    'a drop rule early in input',
    ...(r.log === null
      ? []
      : [`logging (${r.log.rate}, burst ${r.log.burst}, prefix "${r.log.prefix}", level ${r.log.level})`]),
    r.blockTimeout === null ? 'blocks without timeout' : `blocks expiring after ${r.blockTimeout}`,
  ].join(', ');
  if (r.rulesetChanged) changes.push(`${v('wrote', 'would write')} ${r.rulesetPath}: ${what}`);
  if (r.table === 'loaded') changes.push(`${v('loaded', 'would load')} the table into nftables (it was not loaded)`);
  if (r.table === 'reloaded') {
    changes.push(
      `${v('reloaded', 'would reload')} the table, putting its ${plural(r.keptElements, 'blocked host')} back`,
    );
  }
  if (r.imported !== null && r.imported.added > 0) {
    changes.push(
      `${v('imported', 'would import')} ${plural(r.imported.added, 'host')} from ${r.imported.files.join(', ')}` +
        (r.imported.alreadyBlocked > 0 ? ` (${r.imported.alreadyBlocked} already in the set)` : ''),
    );
  }
  if (r.stateSaved !== null)
    changes.push(`saved the set's ${plural(r.stateSaved, 'element')} to ${r.stateFile} for the next boot`);

  if (changes.length === 0) {
    out +=
      `Nothing to do: line ${r.line} already reads KILL_ROUTE="${r.newValue}", ${r.rulesetPath} is up to date and the table is loaded` +
      (r.imported !== null
        ? `; all ${plural(r.imported.alreadyBlocked, 'host')} of the history ${r.imported.alreadyBlocked === 1 ? 'is' : 'are'} in the set`
        : '') +
      '.\n';
    return out;
  }
  out += `\n${would ? 'Would change' : 'Changed'}:\n${changes.map((c) => `  - ${c}\n`).join('')}`;

  if (r.from !== null && r.from.notes.length > 0 && !r.alreadyMigrated) {
    out += `\nHow the nft set differs from the old line:\n${r.from.notes.map((n) => `  - ${n}\n`).join('')}`;
  }

  out += '\nLeft as it was:\n';
  out += `  - every other line of ${r.configPath}` + (r.configChanged ? '' : `, and line ${r.line} too`) + '\n';
  const commented = r.otherLines.filter((l) => l.text.trimStart().startsWith('#'));
  const later = r.otherLines.filter((l) => !l.text.trimStart().startsWith('#'));
  const lineList = (ls: { line: number }[]) => `${pluralWord(ls.length, 'line')} ${ls.map((l) => l.line).join(', ')}`;
  if (commented.length > 0) {
    out += `  - ${plural(commented.length, 'other KILL_ROUTE line')} (${lineList(commented)}): commented out\n`;
  }
  if (k6.action === 'kept')
    out += `  - line ${k6.line}: KILL_ROUTE6${k6.oldValue === null ? '' : `="${k6.oldValue}"`}: not the blocked6 set's command, so IPv6 hosts are not put in the set\n`;
  if (later.length > 0) {
    out += `  - ${plural(later.length, 'later KILL_ROUTE line')} (${lineList(later)}): 1.2 reads only the first, so ${later.length === 1 ? 'it never ran' : 'they never ran'}\n`;
  }

  const next: string[] = [];
  if (r.configChanged)
    next.push(
      'restart portsentry so that the daemons read the new KILL_ROUTE: systemctl restart portsentry (or /etc/init.d/portsentry restart)',
    );
  next.push(
    'load the table at every boot: systemctl enable portsentry-nftables.service (the init script does it without systemd)',
  );
  if (r.from !== null && !r.alreadyMigrated) {
    next.push(
      oldBlocksAdvice(r.from.form) +
        (r.imported === null ? '; run migrate again with --import-history to put those hosts in the set as well' : ''),
    );
  }
  next.push('see and undo blocks with: portsentry blocked list | remove ADDRESS | flush');
  if (would) next.unshift('run the same command without --dry-run to make these changes');
  out += `\nNext:\n${next.map((n, i) => `  ${i + 1}. ${n}\n`).join('')}`;
  return out;
};
