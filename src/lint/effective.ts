import { atoi, strtokCommas } from '../config/c-compat.js';
import { lookupToken, type ConfigFile, type StopReason } from '../config/config-file.js';
import { parsePortList } from '../config/port-list.js';
import { initConfig, type Mode, type Settings } from '../config/settings.js';
import { keysFor } from './keys.js';

/** One option as the daemon reads it (lookupToken), with where its value came from. */
export interface EffectiveOption {
  key: string;
  /** set: read; absent: no line for it; no-quotes: skipped by 1.2; not-read: 1.2 never asks for it */
  status: 'set' | 'absent' | 'no-quotes' | 'not-read';
  value: string | null;
  /** value's first byte for 'set', the line's first byte for 'no-quotes' */
  line: number | null;
  column: number | null;
  stoppedBy: StopReason | null;
}

export interface Effective {
  file: string;
  mode: Mode | null;
  options: EffectiveOption[];
  /** what InitConfig() leaves in the globals (read without side effects), null when it refuses to start */
  settings: Settings | null;
  /** the messages InitConfig() logs while reading, in order */
  initLog: string[];
  /** TCP_PORTS / UDP_PORTS as the port loops keep them (at most 64, atoi'd) */
  tcpPorts: number[] | null;
  udpPorts: number[] | null;
  /** the number of ports advanced mode watches (first ports below it) */
  advancedTcp: number | null;
  advancedUdp: number | null;
  advancedExcludeTcp: number[] | null;
  advancedExcludeUdp: number[] | null;
}

/** The mode InitConfig is run for when none is given (only BLOCKED_FILE's suffix depends on it). */
const DEFAULT_MODE: Mode = 'tcp';

/**
 * PortSentryAdvancedStealthModeTCP/UDP: the first piece of ADVANCED_EXCLUDE_* and up to 64 more,
 * each atoi'd.
 */
export const advancedExcludeList = (value: string): number[] => strtokCommas(value).slice(0, 65).map(atoi);

/** ADVANCED_PORTS_*: atoi() stored in an unsigned int; 1024 when the option cannot be read. */
export const advancedPortCount = (value: string | null): number => (value === null ? 1024 : atoi(value) >>> 0);

const readOption = (config: ConfigFile, key: string): EffectiveOption => {
  const r = lookupToken(config, key);
  switch (r.kind) {
    case 'found':
      return { key, status: 'set', value: r.value, line: r.line, column: r.column, stoppedBy: r.stoppedBy };
    case 'no-quotes':
      return { key, status: 'no-quotes', value: null, line: r.line, column: r.column, stoppedBy: null };
    default:
      return { key, status: 'absent', value: null, line: null, column: null, stoppedBy: null };
  }
};

/** The configuration the daemon runs with: every option it reads for `mode` (all of them without one). */
export const readEffective = (config: ConfigFile, mode: Mode | undefined): Effective => {
  const options = keysFor(mode).map((k) => readOption(config, k.key));
  const runCmd = options.find((o) => o.key === 'KILL_RUN_CMD');
  const first = options.find((o) => o.key === 'KILL_RUN_CMD_FIRST');
  // InitConfig reads KILL_RUN_CMD_FIRST only once KILL_RUN_CMD was found
  if (first !== undefined && runCmd?.status !== 'set') {
    Object.assign(first, { status: 'not-read', value: null, line: null, column: null, stoppedBy: null });
  }
  const initLog: string[] = [];
  const settings = initConfig(config, mode ?? DEFAULT_MODE, (t) => initLog.push(t), { truncateBlocked: false });
  const value = (key: string): string | null => options.find((o) => o.key === key && o.status === 'set')?.value ?? null;
  const list = (key: string): number[] | null => {
    const v = value(key);
    return v === null ? null : parsePortList(v).ports;
  };
  const has = (key: string) => options.some((o) => o.key === key);
  const excl = (key: string): number[] | null => {
    const v = value(key);
    return v === null ? null : advancedExcludeList(v);
  };
  return {
    file: config.path,
    mode: mode ?? null,
    options,
    settings,
    initLog,
    tcpPorts: list('TCP_PORTS'),
    udpPorts: list('UDP_PORTS'),
    advancedTcp: has('ADVANCED_PORTS_TCP') ? advancedPortCount(value('ADVANCED_PORTS_TCP')) : null,
    advancedUdp: has('ADVANCED_PORTS_UDP') ? advancedPortCount(value('ADVANCED_PORTS_UDP')) : null,
    advancedExcludeTcp: excl('ADVANCED_EXCLUDE_TCP'),
    advancedExcludeUdp: excl('ADVANCED_EXCLUDE_UDP'),
  };
};

const optionOf = (eff: Effective, key: string): EffectiveOption | undefined => eff.options.find((o) => o.key === key);

/** The option's value when 1.2 read one. */
export const valueOf = (eff: Effective, key: string): string | null => {
  const o = optionOf(eff, key);
  return o?.status === 'set' ? o.value : null;
};
