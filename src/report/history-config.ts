import { atoi } from '../config/c-compat.js';
import { loadConfigFile, lookupToken } from '../config/config-file.js';
import { retrieve } from '../config/settings.js';

interface HistoryConfig {
  configPath: string;
  historyFile: string;
  /** BLOCK_TCP and BLOCK_UDP as 1.2's CheckFlag() reads them (0 when absent) */
  blockingNow: { BLOCK_TCP: number; BLOCK_UDP: number };
}

/**
 * HISTORY_FILE as 1.2's ConfigTokenRetrieve() finds it (src/config/config-file.ts), and the two
 * flags that say whether a history line meant a block. Reads only: nothing is truncated or created.
 * Throws "CONFIG: why" when the config cannot be read or names no history file.
 */
export const readHistoryConfig = (configPath: string): HistoryConfig => {
  const file = loadConfigFile(configPath);
  if (file.content === null) throw new Error(`${configPath}: cannot read the config file (${file.openError})`);
  const history = lookupToken(file, 'HISTORY_FILE');
  if (history.kind === 'no-quotes')
    throw new Error(
      `${configPath}:${history.line}: expected HISTORY_FILE="FILE", found a HISTORY_FILE line without quotes (1.2 skips it and refuses to start)`,
    );
  if (history.kind !== 'found' || history.value === '')
    throw new Error(
      `${configPath}: expected a HISTORY_FILE="FILE" line, found ${history.kind === 'found' ? 'an empty value' : 'none'}`,
    );
  const flag = (token: string): number => {
    const v = retrieve(file, token, () => undefined);
    return v === null ? 0 : atoi(v);
  };
  return {
    configPath,
    historyFile: history.value,
    blockingNow: { BLOCK_TCP: flag('BLOCK_TCP'), BLOCK_UDP: flag('BLOCK_UDP') },
  };
};
