import { findNft } from '../../system/find-nft.js';
import { flushBlocked, formatFlush } from '../../blocked/flush.js';
import { readSources } from '../../blocked/sources.js';
import { ReportingCommand } from '../../oclif/base-command.js';
import { configFlag, nftFlag, stateFileFlag } from '../../oclif/flags.js';

export default class BlockedFlush extends ReportingCommand {
  static override summary = 'Unblock every host: empty the nft sets and the blocked files, clean hosts.deny';
  static override description = 'The history file is kept. See portsentry-blocked(8).';
  static override flags = {
    config: configFlag('the config file naming the blocked files'),
    'state-file': stateFileFlag,
    nft: nftFlag,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(BlockedFlush);
    const result = await flushBlocked([findNft(flags.nft)], readSources(flags.config), flags['state-file']);
    process.stdout.write(formatFlush(result));
  }
}
