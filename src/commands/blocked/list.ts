import { Command, Flags } from '@oclif/core';
import { findNft } from '../../blocked/find-nft.js';
import { formatListing, listBlockedHosts } from '../../blocked/list.js';
import { readSources } from '../../blocked/sources.js';
import { DEFAULT_CONFIG_PATH } from '../../system/package-paths.js';

export default class BlockedList extends Command {
  static override summary = 'List the hosts portsentry blocks: nft set, blocked files and hosts.deny';
  static override description = 'Each host once, with where it is blocked. See portsentry-blocked(8).';
  static override flags = {
    config: Flags.string({ description: 'the config file naming the blocked files', default: DEFAULT_CONFIG_PATH, helpValue: 'FILE' }),
    json: Flags.boolean({ description: 'print JSON' }),
    nft: Flags.string({ description: 'the nft binary (default: /usr/sbin/nft, or the first nft on PATH)', helpValue: 'PATH' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(BlockedList);
    try {
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
    } catch (err) {
      process.stderr.write(`portsentry blocked list: ${(err as Error).message}\n`);
      this.exit(1);
    }
  }
}
