/**
 * Config files for scenarios. `conf()` writes the base options as KEY="value" lines in this order,
 * with overrides replacing a value in place, null removing a key, and new keys appended.
 */
export const BASE: Record<string, string> = {
  TCP_PORTS: '1,11,15,79',
  UDP_PORTS: '1,7,9,69',
  BLOCKED_FILE: '/var/lib/portsentry/portsentry.blocked',
  HISTORY_FILE: '/var/lib/portsentry/portsentry.history',
  IGNORE_FILE: '/etc/portsentry/portsentry.ignore',
  BLOCK_TCP: '1',
  BLOCK_UDP: '1',
  SCAN_TRIGGER: '0',
  KILL_HOSTS_DENY: 'ALL: $TARGET$ : DENY',
  KILL_ROUTE: '/bin/echo route $TARGET$ $PORT$ $MODE$ >> /var/lib/portsentry/out',
};

export const conf = (over: Record<string, string | null> = {}, base: Record<string, string> = BASE): string => {
  const merged: Record<string, string | null> = { ...base, ...over };
  return Object.entries(merged)
    .filter((e): e is [string, string] => e[1] !== null)
    .map(([k, v]) => `${k}="${v}"\n`)
    .join('');
};

/** The base config with raw lines added before (shadowing) or after it. */
export const confWith = (before: string, over: Record<string, string | null> = {}, after = ''): string =>
  before + conf(over) + after;

/** Scanner sources */
export const S1 = '127.1.2.3';
export const S2 = '127.0.0.2';
export const S3 = '127.1.9.9';

/** n distinct scanner sources 127.1.BLOCK.1 to 127.1.BLOCK.n (n at most 254), apart from S1 and S3 */
export const sources = (n: number, block = 20): string[] => {
  if (n > 254) throw new Error(`sources: expected at most 254 sources in 127.1.${block}.x, found ${n}`);
  return Array.from({ length: n }, (_, i) => `127.1.${block}.${i + 1}`);
};

/**
 * The scenario with `lines` appended to its config (and to ours, when ours reads another text), for
 * `run.js --with-key`: extension keys 1.2 ignores, so that every outcome must stay 1.2's. A config
 * without a last newline gets one first, so that the key is a line of its own; a scenario without
 * a config file stays without one.
 */
export const withKeys = <T extends { config: string | null; oursConfig?: string }>(scenario: T, lines: string[]): T => {
  if (lines.length === 0) return scenario;
  const append = (text: string): string =>
    `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${lines.map((l) => `${l}\n`).join('')}`;
  return {
    ...scenario,
    config: scenario.config === null ? null : append(scenario.config),
    ...(scenario.oursConfig === undefined ? {} : { oursConfig: append(scenario.oursConfig) }),
  };
};
