import { REPORT_FORMAT } from './json.js';
import { barChart, columnChart, escapeHtml as e } from './svg.js';
import { MAX_DAYS } from './aggregate.js';
import { chartRows } from './chart-rows.js';
import { printable } from './printable.js';
import { blockingWords, NOT_IN_HISTORY, WHAT_A_LINE_IS } from './wording.js';
import type { ReportData } from './report-data.js';

/**
 * `--html FILE`: one self-contained page: inline CSS and SVG, no script, no link, image or font
 * from anywhere (a Content-Security-Policy forbids any fetch). Every figure is in an element whose
 * data-json attribute names its field in `--json` (so a test, or a reader, can check one against
 * the other; data-json-printable: the field shown printable, as the terminal shows it). Text from
 * the history (resolved names, lines not read) is made printable (\xHH) and HTML-escaped.
 */
const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;background:#fff}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse}td,th{padding:2px 10px;text-align:left;border-bottom:1px solid #eee}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}code{font-size:.95em}
svg .bar{fill:#3b6ea5}svg .axis{font:11px sans-serif;fill:#444}svg .line{stroke:#888}
.note{color:#555;max-width:60em}`;

const n = (path: string, value: number | string): string => `<span data-json="${e(path)}">${e(String(value))}</span>`;
const cell = (path: string, value: number | string, cls = ''): string =>
  `<td${cls === '' ? '' : ` class="${cls}"`} data-json="${e(path)}">${e(String(value))}</td>`;

export const renderHtml = (r: ReportData): string => {
  const chart = chartRows(r.days);
  const u = r.lines.unreadable;
  const sources = r.sources.top
    .map(
      (s, i) =>
        `<tr>${cell(`sources.top.${i}.count`, s.count, 'n')}${cell(`sources.top.${i}.countError`, s.countError, 'n')}${cell(`sources.top.${i}.address`, s.address)}<td data-json-printable="${e(`sources.top.${i}.name`)}">${e(printable(s.name))}</td>${cell(`sources.top.${i}.first.when`, s.first.when)}${cell(`sources.top.${i}.last.when`, s.last.when)}<td>${e(s.ports.join(', '))}${s.morePorts ? ', ...' : ''}</td></tr>`,
    )
    .join('\n');
  const ports = r.ports.top
    .map(
      (p, i) =>
        `<tr>${cell(`ports.top.${i}.port`, p.port, 'n')}${cell(`ports.top.${i}.proto`, p.proto)}${cell(`ports.top.${i}.count`, p.count, 'n')}</tr>`,
    )
    .join('\n');
  const days = r.days
    .map(
      (d, i) =>
        `<tr>${cell(`days.${i}.date`, d.date)}${cell(`days.${i}.tcp`, d.tcp, 'n')}${cell(`days.${i}.udp`, d.udp, 'n')}</tr>`,
    )
    .join('\n');
  const files = r.files
    .map(
      (f, i) =>
        `<tr>${cell(`files.${i}.path`, f.path)}${cell(`files.${i}.lines`, f.lines, 'n')}${cell(`files.${i}.bytes`, f.bytes, 'n')}<td>${f.error === null ? '' : e(f.error)}</td></tr>`,
    )
    .join('\n');
  const period =
    r.since === null
      ? 'the whole history'
      : `the last ${e(r.since.text)} (from ${e(new Date(r.since.fromEpoch * 1000).toISOString())})`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="portsentry report (${REPORT_FORMAT})">
<title>portsentry report: ${e(r.historyFile)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>portsentry report: <code>${e(r.historyFile)}</code></h1>
<p>HISTORY_FILE of <code>${e(r.config)}</code>; made ${e(new Date(r.generatedEpoch * 1000).toISOString())}; period: ${period}.
Blocks from ${r.blocks.first === null ? '-' : n('blocks.first.when', r.blocks.first.when)} to ${r.blocks.last === null ? '-' : n('blocks.last.when', r.blocks.last.when)}.</p>
<p><strong>${n('blocks.total', r.blocks.total)}</strong> blocks (TCP ${n('blocks.tcp', r.blocks.tcp)}, UDP ${n('blocks.udp', r.blocks.udp)})
from ${r.sources.exact ? '' : 'at least '}${n('sources.distinct', r.sources.distinct)} sources on ${n('ports.distinct', r.ports.distinct)} ports.</p>

<h2>Blocks per ${chart.unit}</h2>
${columnChart(chart.rows, `blocks per ${chart.unit}`)}
<details><summary>Per day (${r.days.length} days)</summary>
<table><tr><th>Day</th><th class="n">TCP</th><th class="n">UDP</th></tr>
${days}
</table></details>
${r.daysNotListed > 0 ? `<p>${n('daysNotListed', r.daysNotListed)} blocks on days past the first ${MAX_DAYS} are not charted.</p>` : ''}

<h2>Top sources${r.sources.exact ? '' : ' (approximate)'}</h2>
${r.sources.exact ? '' : `<p class="note">More than ${r.sources.kept} addresses: counts are kept for the ${r.sources.kept} most frequent (Space-Saving); a count may over-state by its "over by" figure, and first seen is then when the address was first kept.</p>`}
<table><tr><th class="n">Count</th><th class="n">Over by</th><th>Source</th><th>Name</th><th>First seen</th><th>Last seen</th><th>Ports</th></tr>
${sources}
</table>

<h2>Top ports</h2>
${barChart(
  r.ports.top.map((p) => ({ label: `${p.port}/${p.proto}`, value: p.count })),
  'top ports',
)}
<table><tr><th class="n">Port</th><th>Protocol</th><th class="n">Count</th></tr>
${ports}
</table>

<h2>TCP/UDP</h2>
${barChart(
  [
    { label: 'TCP', value: r.blocks.tcp },
    { label: 'UDP', value: r.blocks.udp },
  ],
  'TCP and UDP',
)}

<h2>Blocked vs detected</h2>
<p>Detections acted on (history lines): ${n('blocks.total', r.blocks.total)}.</p>
<p class="note">${e(WHAT_A_LINE_IS)}</p>
<p>This config now: BLOCK_TCP=${n('blockingNow.BLOCK_TCP', r.blockingNow.BLOCK_TCP)} (${e(blockingWords(r.blockingNow.BLOCK_TCP))}), BLOCK_UDP=${n('blockingNow.BLOCK_UDP', r.blockingNow.BLOCK_UDP)} (${e(blockingWords(r.blockingNow.BLOCK_UDP))}).</p>
<p class="note">${e(NOT_IN_HISTORY)}</p>

<h2>What was read</h2>
<table><tr><th>File (oldest first)</th><th class="n">Lines</th><th class="n">Bytes</th><th>Stopped by</th></tr>
${files}
</table>
<p>${n('lines.read', r.lines.read)} lines read, ${n('lines.history', r.lines.history)} in 1.2's history format, ${n('lines.beforePeriod', r.lines.beforePeriod)} before the period.
Not read: ${n('lines.unreadable.count', u.count)}${u.first === null ? '' : ` (the first: <code>${e(u.first.file)}</code> line ${n('lines.unreadable.first.line', u.first.line)}: <code data-json-printable="lines.unreadable.first.text">${e(printable(u.first.text))}</code>)`}.
Out of order: ${n('lines.outOfOrder.count', r.lines.outOfOrder.count)}.</p>
</body>
</html>
`;
};
