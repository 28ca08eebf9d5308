import { Args, Command, Flags } from '@oclif/core';
import { findNft } from '../../blocked/find-nft.js';
import { DEFAULT_STATE_FILE } from '../../blocked/nft.js';
import { formatRemove, parseAddress, removeBlocked } from '../../blocked/remove.js';
import { readSources } from '../../blocked/sources.js';
import { DEFAULT_CONFIG_PATH } from '../../system/package-paths.js';

export default class BlockedRemove extends Command {
  static override summary = 'Unblock one host: take it out of the nft set, the blocked files and hosts.deny';
  static override description = 'The history file is kept. See portsentry-blocked(8).';
  static override args = { address: Args.string({ description: 'the IPv4 or IPv6 address to unblock', required: true }) };
  static override flags = {
    config: Flags.string({ description: 'the config file naming the blocked files', default: DEFAULT_CONFIG_PATH, helpValue: 'FILE' }),
    'state-file': Flags.string({ description: 'where the set is saved for the next boot', default: DEFAULT_STATE_FILE, helpValue: 'FILE' }),
    nft: Flags.string({ description: 'the nft binary (default: /usr/sbin/nft, or the first nft on PATH)', helpValue: 'PATH' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(BlockedRemove);
    try {
      const address = parseAddress(args.address);
      const result = await removeBlocked([findNft(flags.nft)], readSources(flags.config), address, flags['state-file']);
      process.stdout.write(formatRemove(result));
    } catch (err) {
      process.stderr.write(`portsentry blocked remove: ${(err as Error).message}\n`);
      this.exit(1);
    }
  }
}
