import { Flags } from '@oclif/core';
import { formatTestPush, pushTestAlert } from '../../crowdsec/admin.js';
import { ReportingCommand } from '../../oclif/base-command.js';
import { configFlag } from '../../oclif/flags.js';

export default class CrowdsecTest extends ReportingCommand {
  static override summary = 'Push one test alert (192.0.2.1, scenario portsentry/test) to the CrowdSec Local API';
  static override description =
    'The alert is for the documentation address 192.0.2.1, under the scenario portsentry/test, so that it can be found ' +
    'and deleted; the commands that delete it are printed. See portsentry-crowdsec(8).';
  static override flags = {
    config: configFlag('the config file naming the credentials'),
    json: Flags.boolean({ description: 'print JSON' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(CrowdsecTest);
    const pushed = await pushTestAlert(flags.config);
    process.stdout.write(flags.json ? `${JSON.stringify(pushed, null, 2)}\n` : formatTestPush(pushed));
  }
}
