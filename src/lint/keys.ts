import type { Mode } from '../config/settings.js';

/**
 * Every option name 1.2 looks up (InitConfig and the six mode functions), in the order the
 * daemon reads them, with the modes that read it.
 */
interface KeyInfo {
  key: string;
  /** modes whose start-up reads this option; every mode for InitConfig's options */
  modes: readonly Mode[];
  /** InitConfig() refuses to start without it */
  mandatory: boolean;
  /** what 1.2 does when the option cannot be read */
  whenAbsent: string;
}

const ALL: readonly Mode[] = ['tcp', 'udp', 'stcp', 'sudp', 'atcp', 'audp'];

const KEYS: readonly KeyInfo[] = [
  { key: 'BLOCK_TCP', modes: ALL, mandatory: false, whenAbsent: '0: TCP scans are logged, not blocked' },
  { key: 'BLOCK_UDP', modes: ALL, mandatory: false, whenAbsent: '0: UDP scans are logged, not blocked' },
  { key: 'RESOLVE_HOST', modes: ALL, mandatory: false, whenAbsent: '0: no DNS lookups' },
  {
    key: 'SCAN_TRIGGER',
    modes: ALL,
    mandatory: false,
    whenAbsent: '0, after logging "Could not read SCAN_TRIGGER option"',
  },
  { key: 'KILL_ROUTE', modes: ALL, mandatory: false, whenAbsent: 'no route command is run' },
  { key: 'KILL_HOSTS_DENY', modes: ALL, mandatory: false, whenAbsent: 'nothing is written to /etc/hosts.deny' },
  { key: 'KILL_RUN_CMD', modes: ALL, mandatory: false, whenAbsent: 'no external command is run' },
  { key: 'KILL_RUN_CMD_FIRST', modes: ALL, mandatory: false, whenAbsent: '0: the command runs after blocking' },
  { key: 'BLOCKED_FILE', modes: ALL, mandatory: true, whenAbsent: 'refuses to start' },
  { key: 'HISTORY_FILE', modes: ALL, mandatory: true, whenAbsent: 'refuses to start' },
  { key: 'IGNORE_FILE', modes: ALL, mandatory: true, whenAbsent: 'refuses to start' },
  { key: 'TCP_PORTS', modes: ['tcp', 'stcp'], mandatory: false, whenAbsent: '-tcp and -stcp refuse to start' },
  { key: 'UDP_PORTS', modes: ['udp', 'sudp'], mandatory: false, whenAbsent: '-udp and -sudp refuse to start' },
  { key: 'PORT_BANNER', modes: ['tcp', 'udp'], mandatory: false, whenAbsent: 'no banner is sent' },
  { key: 'ADVANCED_PORTS_TCP', modes: ['atcp'], mandatory: false, whenAbsent: '1024, after logging "Assuming 1024"' },
  { key: 'ADVANCED_EXCLUDE_TCP', modes: ['atcp'], mandatory: false, whenAbsent: 'only ports in use are excluded' },
  { key: 'ADVANCED_PORTS_UDP', modes: ['audp'], mandatory: false, whenAbsent: '1024, after logging "Assuming 1024"' },
  { key: 'ADVANCED_EXCLUDE_UDP', modes: ['audp'], mandatory: false, whenAbsent: 'only ports in use are excluded' },
];

export const KEY_NAMES: readonly string[] = KEYS.map((k) => k.key);

export const keyInfo = (key: string): KeyInfo => {
  const info = KEYS.find((k) => k.key === key);
  if (info === undefined) throw new Error(`portsentry lint: ${key} is not an option 1.2 reads`);
  return info;
};

/** The options a run in `mode` reads, or every option when no mode is given. */
export const keysFor = (mode: Mode | undefined): readonly KeyInfo[] =>
  mode === undefined ? KEYS : KEYS.filter((k) => k.modes.includes(mode));
