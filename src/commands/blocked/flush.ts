import { Command, Flags } from '@oclif/core';
import { findNft } from '../../blocked/find-nft.js';
import { flushBlocked, formatFlush } from '../../blocked/flush.js';
import { DEFAULT_STATE_FILE } from '../../blocked/nft.js';
import { readSources } from '../../blocked/sources.js';
import { DEFAULT_CONFIG_PATH } from '../../system/package-paths.js';

export default class BlockedFlush extends Command {
  static override summary = 'Unblock every host: empty the nft sets and the blocked files, clean hosts.deny';
  static override description = 'The history file is kept. See portsentry-blocked(8).';
  static override flags = {
    config: Flags.string({ description: 'the config file naming the blocked files', default: DEFAULT_CONFIG_PATH, helpValue: 'FILE' }),
    'state-file': Flags.string({ description: 'where the set is saved for the next boot', default: DEFAULT_STATE_FILE, helpValue: 'FILE' }),
    nft: Flags.string({ description: 'the nft binary (default: /usr/sbin/nft, or the first nft on PATH)', helpValue: 'PATH' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(BlockedFlush);
    try {
      const result = await flushBlocked([findNft(flags.nft)], readSources(flags.config), flags['state-file']);
      process.stdout.write(formatFlush(result));
    } catch (err) {
      process.stderr.write(`portsentry blocked flush: ${(err as Error).message}\n`);
      this.exit(1);
    }
  }
}
