import { Args } from '@oclif/core';
import { findNft } from '../../system/find-nft.js';
import { formatRemove, parseAddress, removeBlocked } from '../../blocked/remove.js';
import { readSources } from '../../blocked/sources.js';
import { ReportingCommand } from '../../oclif/base-command.js';
import { configFlag, nftFlag, stateFileFlag } from '../../oclif/flags.js';

export default class BlockedRemove extends ReportingCommand {
  static override summary = 'Unblock one host: take it out of the nft set, the blocked files and hosts.deny';
  static override description = 'The history file is kept. See portsentry-blocked(8).';
  static override args = {
    address: Args.string({ description: 'the IPv4 or IPv6 address to unblock', required: true }),
  };
  static override flags = {
    config: configFlag('the config file naming the blocked files'),
    'state-file': stateFileFlag,
    nft: nftFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(BlockedRemove);
    const address = parseAddress(args.address);
    const result = await removeBlocked([findNft(flags.nft)], readSources(flags.config), address, flags['state-file']);
    process.stdout.write(formatRemove(result));
  }
}
