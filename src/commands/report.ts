import { Flags } from '@oclif/core';
import { parseDuration } from '../migrate/duration.js';
import { ReportingCommand } from '../oclif/base-command.js';
import { configFlag } from '../oclif/flags.js';
import { collectReport } from '../report/collect.js';
import { renderHtml } from '../report/html.js';
import { renderJson } from '../report/json.js';
import { progressOn } from '../report/progress.js';
import { renderText } from '../report/text.js';
import { writePage } from '../report/write-page.js';

export default class Report extends ReportingCommand {
  static override summary = 'Summarize the history file: blocks per day, top sources and ports, TCP/UDP';
  static override description =
    'Reads HISTORY_FILE and the generations logrotate left (.1, .2.gz ...), oldest first, streaming. See portsentry-report(8).';
  static override flags = {
    config: configFlag('the config file naming HISTORY_FILE'),
    since: Flags.string({ description: 'only the last DURATION (such as 7d, 12h, 1d12h)', helpValue: 'DURATION' }),
    top: Flags.integer({
      description: 'how many sources and ports to list',
      default: 10,
      min: 1,
      max: 1000,
      helpValue: 'N',
    }),
    json: Flags.boolean({ description: 'print the figures as JSON' }),
    html: Flags.string({
      description: 'also write a self-contained HTML page with the charts to FILE',
      helpValue: 'FILE',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Report);
    let since: { text: string; ms: number } | null = null;
    if (flags.since !== undefined) {
      const d = parseDuration(flags.since);
      if (!d.ok) throw new Error(`--since: ${d.why}`);
      since = { text: flags.since, ms: d.ms };
    }
    const progress = progressOn((t) => process.stderr.write(t), process.stderr.isTTY === true);
    let report;
    try {
      report = await collectReport({
        configPath: flags.config,
        since,
        top: flags.top,
        now: Date.now(),
        progress: (done, total) => progress.update(done, total),
      });
    } finally {
      progress.finish();
    }
    for (const f of report.files)
      if (f.error !== null)
        process.stderr.write(`portsentry report: warning: ${f.path}: read ${f.lines} lines, then: ${f.error}\n`);
    if (flags.html !== undefined) writePage(flags.html, renderHtml(report));
    process.stdout.write(flags.json ? renderJson(report) : renderText(report, process.stdout.columns ?? 80));
  }
}
