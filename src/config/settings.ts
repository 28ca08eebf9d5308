import { log } from '../messages/legacy-messages.js';
import { truncateBlockedFile } from '../outputs/blocked-files.js';
import { atoi } from './c-compat.js';
import { configFromString, loadConfigFile, lookupToken, type ConfigFile } from './config-file.js';
import { extensionKey, extensionValue, METRICS_INTERVAL_DEFAULT } from './extension-keys.js';

import type { Mode } from './modes.js';
export { MODES, isMode, type Mode } from './modes.js';

/** What InitConfig() leaves in 1.2's globals. */
export interface Settings {
  mode: Mode;
  configPath: string;
  /** set when the config did not come from a file (the default config `portsentry run` falls back to) */
  configText?: string;
  blockTcp: number;
  blockUdp: number;
  resolveHost: number;
  triggerCount: number;
  killRoute: string;
  killHostsDeny: string;
  killRunCmd: string;
  runCmdFirst: number;
  /** BLOCKED_FILE with ".<mode>" appended */
  blockedFile: string;
  historyFile: string;
  ignoreFile: string;
  /** the extensions' keys (src/config/extension-keys.ts), which 1.2 never reads */
  extensions: Extensions;
}

export interface MetricsRequest {
  /** METRICS_FILE, which each mode's daemon writes with -MODE before .prom, or `run --metrics-file` as given */
  file: string;
  /** `run --metrics-file`: `file` is the exact path */
  exact: boolean;
  /** METRICS_INTERVAL in seconds (METRICS_INTERVAL_DEFAULT when absent or not 1..3600) */
  intervalSeconds: number;
}

/** What the extension keys ask for; everything off when no key is set. */
export interface Extensions {
  /** ENABLE_IPV6="1" */
  ipv6: boolean;
  /** KILL_ROUTE6: the route command for IPv6 hosts ('' when unset) */
  killRoute6: string;
  /** CROWDSEC_CREDENTIALS set: push detections to a CrowdSec Local API (src/crowdsec/) */
  crowdsec: CrowdsecSettings | null;
  /** the metrics file (src/status/metrics-file.ts); absent when neither METRICS_FILE nor `run --metrics-file` asks */
  metrics?: MetricsRequest;
}

export interface CrowdsecSettings {
  /** CROWDSEC_CREDENTIALS: the machine's local_api_credentials.yaml */
  credentials: string;
  /** CROWDSEC_SCENARIO, default portsentry/port-scan */
  scenario: string;
  /** CROWDSEC_PUSH: "blocked" (the default) or "detected" */
  push: 'blocked' | 'detected';
}

/** the CrowdSec keys of a config, or null when CROWDSEC_CREDENTIALS is not set (the push is off) */
export const readCrowdsec = (file: ConfigFile): CrowdsecSettings | null => {
  const credentials = extensionValue(file, 'CROWDSEC_CREDENTIALS');
  if (credentials === undefined || credentials === '') return null;
  return {
    credentials,
    scenario: extensionValue(file, 'CROWDSEC_SCENARIO') || 'portsentry/port-scan',
    push: extensionValue(file, 'CROWDSEC_PUSH') === 'detected' ? 'detected' : 'blocked',
  };
};

/** an extension key's value when its check passes (`lint conf` reports the others), else undefined */
const goodValue = (file: ConfigFile, key: string): string | undefined => {
  const value = extensionValue(file, key);
  return value !== undefined && extensionKey(key).check(value) === null ? value : undefined;
};

const metricsRequest = (file: ConfigFile): { metrics?: MetricsRequest } => {
  const path = goodValue(file, 'METRICS_FILE');
  if (path === undefined) return {};
  const intervalSeconds = Number(goodValue(file, 'METRICS_INTERVAL') ?? METRICS_INTERVAL_DEFAULT);
  return { metrics: { file: path, exact: false, intervalSeconds } };
};

/** The extension keys, read after 1.2's options and silently (1.2 logs nothing about them). */
const readExtensions = (file: ConfigFile): Extensions => ({
  ipv6: extensionValue(file, 'ENABLE_IPV6') === '1',
  killRoute6: extensionValue(file, 'KILL_ROUTE6') ?? '',
  crowdsec: readCrowdsec(file),
  ...metricsRequest(file),
});

type Emit = (text: string) => void;

/** ConfigTokenRetrieve() with its messages: the value, or null when 1.2 reports FALSE/ERROR. */
export const retrieve = (file: ConfigFile, token: string, emit: Emit): string | null => {
  const r = lookupToken(file, token);
  switch (r.kind) {
    case 'found':
      return r.value;
    case 'no-quotes':
      emit(log.quotesMissing(token));
      return null;
    case 'unreadable':
      emit(log.cannotOpenConfig(file.path));
      return null;
    case 'absent':
      return null;
  }
};

/** CheckFlag(): atoi of the value, 0 when the option cannot be read. */
const checkFlag = (file: ConfigFile, token: string, emit: Emit): number => {
  const v = retrieve(file, token, emit);
  return v === null ? 0 : atoi(v);
};

/**
 * InitConfig(): reads the options in 1.2's order (so its messages come in the same order),
 * empties the blocked file (unless told not to: the linter only reads), and fails on the first
 * missing mandatory option.
 */
export const initConfig = (
  file: ConfigFile,
  mode: Mode,
  emit: Emit,
  options: { truncateBlocked: boolean } = { truncateBlocked: true },
): Settings | null => {
  const blockTcp = checkFlag(file, 'BLOCK_TCP', emit);
  const blockUdp = checkFlag(file, 'BLOCK_UDP', emit);
  const resolveHost = checkFlag(file, 'RESOLVE_HOST', emit);

  const trigger = retrieve(file, 'SCAN_TRIGGER', emit);
  if (trigger === null) emit(log.noScanTrigger);
  const triggerCount = trigger === null ? 0 : atoi(trigger);

  const killRoute = retrieve(file, 'KILL_ROUTE', emit) ?? '';
  const killHostsDeny = retrieve(file, 'KILL_HOSTS_DENY', emit) ?? '';
  const runCmd = retrieve(file, 'KILL_RUN_CMD', emit);
  const runCmdFirst = runCmd === null ? 0 : checkFlag(file, 'KILL_RUN_CMD_FIRST', emit);

  const blocked = retrieve(file, 'BLOCKED_FILE', emit);
  if (blocked === null) {
    emit(log.missingMandatory('BLOCKED_FILE'));
    return null;
  }
  if (blocked.length >= 1024 - 5) {
    emit(log.blockedNameTooLong(blocked));
    return null;
  }
  const blockedFile = `${blocked}.${mode.slice(0, 4)}`;
  if (options.truncateBlocked && !truncateBlockedFile(blockedFile)) {
    emit(log.cannotTruncateBlocked(blockedFile));
    return null;
  }

  const historyFile = retrieve(file, 'HISTORY_FILE', emit);
  if (historyFile === null) {
    emit(log.missingMandatory('HISTORY_FILE'));
    return null;
  }
  const ignoreFile = retrieve(file, 'IGNORE_FILE', emit);
  if (ignoreFile === null) {
    emit(log.missingMandatory('IGNORE_FILE'));
    return null;
  }

  return {
    mode,
    configPath: file.path,
    ...(file.fromText ? { configText: file.content ?? '' } : {}),
    blockTcp,
    blockUdp,
    resolveHost,
    triggerCount,
    killRoute,
    killHostsDeny,
    killRunCmd: runCmd ?? '',
    runCmdFirst,
    blockedFile,
    historyFile,
    ignoreFile,
    extensions: readExtensions(file),
  };
};

/** The config again, for the mode's own options (1.2 reads them in the daemon, after InitConfig). */
export const reloadConfig = (settings: Settings): ConfigFile =>
  settings.configText !== undefined
    ? configFromString(settings.configPath, settings.configText)
    : loadConfigFile(settings.configPath);
