import { Args, Flags } from '@oclif/core';
import { DEFAULT_STATE_FILE } from '../blocked/nft.js';
import { MODES } from '../config/modes.js';
import { DEFAULT_CONFIG_PATH } from '../system/package-paths.js';

/** Flags and arguments more than one subcommand takes. */

/** --config FILE, default /etc/portsentry/portsentry.conf */
export const configFlag = (description: string) =>
  Flags.string({ description, default: DEFAULT_CONFIG_PATH, helpValue: 'FILE' });

/** --nft PATH */
export const nftFlag = Flags.string({
  description: 'the nft binary (default: /usr/sbin/nft, or the first nft on PATH)',
  helpValue: 'PATH',
});

/** --state-file FILE */
export const stateFileFlag = Flags.string({
  description: 'where the set is saved for the next boot',
  default: DEFAULT_STATE_FILE,
  helpValue: 'FILE',
});

/** a detection mode as a flag (--mode), typed Mode */
export const modeFlag = Flags.option({ options: MODES });

/** a detection mode as an argument, typed Mode */
export const modeArg = Args.option({ options: MODES });
