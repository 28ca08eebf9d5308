import { lookupToken, loadConfigFile, type ConfigFile } from '../config/config-file.js';
import { MODES } from '../config/settings.js';
import { WRAPPER_HOSTS_DENY } from '../messages/legacy-messages.js';

/** The files the daemons write for a config, found the way 1.2 reads its options. */
export interface BlockSources {
  configPath: string;
  /** BLOCKED_FILE with each mode's suffix (InitConfig() appends the first 4 letters of the mode) */
  blockedFiles: { mode: string; path: string }[];
  historyFile: string | null;
  /** KILL_HOSTS_DENY's value, or null when 1.2 would not write hosts.deny */
  hostsDenyTemplate: string | null;
  hostsDenyFile: string;
}

const value = (file: ConfigFile, token: string): string | null => {
  const r = lookupToken(file, token);
  return r.kind === 'found' ? r.value : null;
};

/** Reads the sources from a config; throws "PATH: why" when it cannot be read. */
export const readSources = (configPath: string, hostsDenyFile = WRAPPER_HOSTS_DENY): BlockSources => {
  const file = loadConfigFile(configPath);
  if (file.content === null) throw new Error(`${configPath}: cannot read the config file (${file.openError})`);
  return sourcesFrom(file, hostsDenyFile);
};

export const sourcesFrom = (file: ConfigFile, hostsDenyFile = WRAPPER_HOSTS_DENY): BlockSources => {
  const base = value(file, 'BLOCKED_FILE');
  const suffixes = [...new Set(MODES.map((m) => m.slice(0, 4)))];
  const template = value(file, 'KILL_HOSTS_DENY');
  return {
    configPath: file.path,
    blockedFiles: base === null ? [] : suffixes.map((mode) => ({ mode, path: `${base}.${mode}` })),
    historyFile: value(file, 'HISTORY_FILE'),
    hostsDenyTemplate: template !== null && template.includes('$TARGET$') ? template : null,
    hostsDenyFile,
  };
};
