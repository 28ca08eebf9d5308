import { Flags } from '@oclif/core';
import { crowdsecStatus, formatStatus } from '../../crowdsec/admin.js';
import { DEFAULT_SPOOL_DIR } from '../../crowdsec/spool.js';
import { DEFAULT_STATE_DIR } from '../../crowdsec/state-file.js';
import { ReportingCommand } from '../../oclif/base-command.js';
import { configFlag } from '../../oclif/flags.js';

export default class CrowdsecStatus extends ReportingCommand {
  static override summary = 'Say whether this host can log in to its CrowdSec Local API, and what the daemons pushed';
  static override description =
    'Logs in with the credentials CROWDSEC_CREDENTIALS names, and reads the state each daemon writes: alerts queued and ' +
    'spooled, sent, dropped, rejected, the last success and the last error. Exits 1 when the login fails. See portsentry-crowdsec(8).';
  static override flags = {
    config: configFlag('the config file naming the credentials'),
    json: Flags.boolean({ description: 'print JSON' }),
    'state-dir': Flags.string({
      description: 'where the daemons write their state',
      default: DEFAULT_STATE_DIR,
      helpValue: 'DIR',
    }),
    'spool-dir': Flags.string({
      description: 'where the daemons spool their alerts',
      default: DEFAULT_SPOOL_DIR,
      helpValue: 'DIR',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(CrowdsecStatus);
    const status = await crowdsecStatus(flags.config, { state: flags['state-dir'], spool: flags['spool-dir'] });
    process.stdout.write(flags.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
    if (!status.login.ok) process.exitCode = 1;
  }
}
