import { Flags } from '@oclif/core';
import { findNft } from '../../system/find-nft.js';
import { formatListing, listBlockedHosts } from '../../blocked/list.js';
import { readSources } from '../../blocked/sources.js';
import { ReportingCommand } from '../../oclif/base-command.js';
import { configFlag, nftFlag } from '../../oclif/flags.js';

export default class BlockedList extends ReportingCommand {
  static override summary = 'List the hosts portsentry blocks: nft set, blocked files and hosts.deny';
  static override description = 'Each host once, with where it is blocked. See portsentry-blocked(8).';
  static override flags = {
    config: configFlag('the config file naming the blocked files'),
    json: Flags.boolean({ description: 'print JSON' }),
    nft: nftFlag,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(BlockedList);
    const sources = readSources(flags.config);
    let nft: string[] | { missing: string };
    try {
      nft = [findNft(flags.nft)];
    } catch (err) {
      if (flags.nft !== undefined) throw err;
      nft = { missing: (err as Error).message }; // the files are still listed, with a warning
    }
    const listing = await listBlockedHosts(nft, sources);
    for (const w of listing.warnings) process.stderr.write(`portsentry blocked list: warning: ${w}\n`);
    process.stdout.write(flags.json ? `${JSON.stringify(listing, null, 2)}\n` : formatListing(listing));
  }
}
