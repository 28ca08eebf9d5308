import { Flags } from '@oclif/core';
import { ReportingCommand } from '../oclif/base-command.js';
import { anyRunning, collectStatus, renderStatus } from '../status/status-report.js';
import { RUN_DIR } from '../status/state.js';

export default class Status extends ReportingCommand {
  static override summary = 'Show each running portsentry daemon: ports, counts since start, queue, nft table.';

  static override description =
    `Reads the state every daemon keeps in ${RUN_DIR} (whether the init script, a systemd unit or ` +
    "`run --foreground` started it) and checks the stealth modes' nft tables now. Exits 1 when no daemon is " +
    'running. See portsentry-status(8).';

  static override flags = {
    json: Flags.boolean({ description: 'print JSON' }),
  };

  static override examples = ['<%= config.bin %> status', '<%= config.bin %> status --json'];

  async run(): Promise<void> {
    const { flags } = await this.parse(Status);
    const report = await collectStatus();
    process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : renderStatus(report));
    if (!anyRunning(report)) this.exit(1);
  }
}
