import { plural } from '../system/plural.js';
import { MAX_DAYS } from './aggregate.js';
import { chartRows } from './chart-rows.js';
import { printable } from './printable.js';
import type { ReportData, Seen } from './report-data.js';
import { blockingWords, NOT_IN_HISTORY, WHAT_A_LINE_IS } from './wording.js';

/**
 * The report for a terminal: plain text, prose wrapped and bars scaled to `width` columns, every byte
 * that came from the history (a resolved name, a line that could not be read) shown printable.
 */
const MIN_WIDTH = 60;
const MAX_WIDTH = 120;

const bar = (value: number, max: number, room: number): string =>
  value === 0 || max === 0 ? '' : '#'.repeat(Math.max(1, Math.round((value / max) * room)));

const pct = (n: number, total: number): string => (total === 0 ? '0.0%' : `${((n / total) * 100).toFixed(1)}%`);
const seen = (s: Seen | null): string => (s === null ? '-' : s.when);

export const renderText = (r: ReportData, columns: number): string => {
  const width = Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, columns));
  const out: string[] = [];
  // a table row wider than the terminal is left whole (the terminal wraps it): figures are never cut
  const push = (line = ''): void => void out.push(line);
  /** prose, wrapped at word boundaries, its next lines indented by `indent` */
  const say = (text: string, indent = '  '): void => {
    const lead = /^ */.exec(text)![0];
    let line = lead;
    let first = true;
    for (const word of text.slice(lead.length).split(' ')) {
      if (!first && line.length + 1 + word.length > width) {
        push(line);
        line = indent + word;
      } else line += first ? word : ` ${word}`;
      first = false;
    }
    push(line);
  };

  say(`portsentry report: ${r.historyFile} (HISTORY_FILE of ${r.config})`);
  push('Files, oldest first:');
  for (const f of r.files)
    say(
      `  ${f.path}: ${plural(f.lines, 'line')}${f.error === null ? '' : `, then it could not be read further: ${f.error}`}`,
      '    ',
    );
  const period =
    r.since === null
      ? 'the whole history'
      : `the last ${r.since.text} (from ${new Date(r.since.fromEpoch * 1000).toISOString()})`;
  say(`Period: ${period}; blocks from ${seen(r.blocks.first)} to ${seen(r.blocks.last)}`);
  const sourcesWord = r.sources.exact ? `${r.sources.distinct}` : `at least ${r.sources.distinct}`;
  say(
    `Blocks: ${r.blocks.total} (TCP ${r.blocks.tcp}, UDP ${r.blocks.udp}) from ${sourcesWord} sources on ${r.ports.distinct} ports`,
  );
  push();

  const chart = chartRows(r.days);
  push(`Blocks per ${chart.unit}`);
  const max = Math.max(0, ...chart.rows.map((x) => x.value));
  const countWidth = String(max).length;
  const labelWidth = chart.rows.reduce((w, x) => Math.max(w, x.label.length), 4);
  const room = width - labelWidth - countWidth - 4;
  if (chart.rows.length === 0) push('  (no blocks)');
  for (const row of chart.rows)
    push(`${row.label.padEnd(labelWidth)} ${String(row.value).padStart(countWidth)} |${bar(row.value, max, room)}`);
  if (r.daysNotListed > 0) push(`  and ${r.daysNotListed} blocks on days past the first ${MAX_DAYS} (not charted)`);
  push();

  say(
    `Top sources${r.sources.exact ? '' : ` (approximate: more than ${r.sources.kept} addresses; a count "N+E" may be over by E)`}`,
  );
  if (r.sources.top.length === 0) push('  (none)');
  else push(`${'COUNT'.padStart(7)}  ${'SOURCE'.padEnd(15)}  ${'FIRST SEEN'.padEnd(19)}  LAST SEEN`);
  for (const s of r.sources.top) {
    const count = s.countError > 0 ? `${s.count}+${s.countError}` : String(s.count);
    const ports = `${s.ports.join(' ')}${s.morePorts ? ' ...' : ''}`;
    push(`${count.padStart(7)}  ${s.address.padEnd(15)}  ${s.first.when}  ${s.last.when}`);
    say(`${' '.repeat(9)}ports: ${ports}`, ' '.repeat(16));
    // the resolved name is the scanner's to choose (reverse DNS): shown printable
    if (s.name !== s.address) push(`${' '.repeat(9)}name: ${printable(s.name)}`);
  }
  push();

  push('Top ports');
  if (r.ports.top.length === 0) push('  (none)');
  const portMax = Math.max(0, ...r.ports.top.map((p) => p.count));
  const portWidth = String(portMax).length;
  for (const p of r.ports.top)
    push(
      `${`${p.port}/${p.proto}`.padStart(9)} ${String(p.count).padStart(portWidth)} |${bar(p.count, portMax, width - portWidth - 13)}`,
    );
  push();

  push('TCP/UDP');
  const protoMax = Math.max(r.blocks.tcp, r.blocks.udp);
  const protoWidth = String(protoMax).length;
  for (const [name, n] of [
    ['TCP', r.blocks.tcp],
    ['UDP', r.blocks.udp],
  ] as const)
    push(
      `  ${name} ${String(n).padStart(protoWidth)} ${pct(n, r.blocks.total).padStart(6)} |${bar(n, protoMax, width - protoWidth - 16)}`,
    );
  push();

  push('Blocked vs detected');
  push(`  Detections acted on (history lines): ${r.blocks.total} (TCP ${r.blocks.tcp}, UDP ${r.blocks.udp})`);
  say(`  ${WHAT_A_LINE_IS}`);
  say(
    `  This config now: BLOCK_TCP=${r.blockingNow.BLOCK_TCP} (${blockingWords(r.blockingNow.BLOCK_TCP)}), BLOCK_UDP=${r.blockingNow.BLOCK_UDP} (${blockingWords(r.blockingNow.BLOCK_UDP)}).`,
  );
  say(`  ${NOT_IN_HISTORY}`);
  push();

  const u = r.lines.unreadable;
  say(
    `Lines: ${r.lines.read} read, ${r.lines.history} in 1.2's history format, ${r.lines.beforePeriod} before the period`,
  );
  if (u.count === 0) push('Not read: none');
  else {
    const kinds = [
      [u.byReason['portsentry-2'], "PortSentry 2.x's format"],
      [u.byReason.binary, 'binary'],
      [u.byReason['too-long'], 'too long'],
      [u.byReason.torn, 'torn at the end of a file'],
      [u.byReason.other, 'in another format'],
    ]
      .filter(([n]) => n !== 0)
      .map(([n, what]) => `${n} ${what}`)
      .join(', ');
    say(`Not read: ${plural(u.count, 'line')} (${kinds}); the first: ${u.first!.file} line ${u.first!.line}:`);
    push(`  "${printable(u.first!.text)}"`);
  }
  const o = r.lines.outOfOrder;
  if (o.count > 0)
    say(
      `Out of order: ${plural(o.count, 'line')} earlier than a line before them (counted); the first: ${o.first!.file} line ${o.first!.line}`,
    );
  return `${out.join('\n')}\n`;
};
