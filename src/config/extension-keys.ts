import { lookupToken, type ConfigFile } from './config-file.js';

/**
 * The config keys of our extensions. 1.2 looks up none of them, so it ignores their lines and the
 * same file still works with 1.2; with a key absent, its extension is off and changes no byte.
 * Every extension key is listed here, so that `lint conf` knows it and checks its value, and
 * portsentry.conf(5) documents each one in its EXTENSION KEYS section.
 */
interface ExtensionKey {
  key: string;
  /** what the key does, as `lint conf` names it */
  summary: string;
  /** what happens when the key is absent */
  whenAbsent: string;
  /** why a value is wrong (the expectation and what was found), or null when it is a good value */
  check: (value: string) => string | null;
}

const oneOf =
  (...allowed: string[]) =>
  (value: string): string | null =>
    allowed.includes(value) ? null : `expected ${allowed.map((a) => `"${a}"`).join(' or ')}, found "${value}"`;

/** METRICS_INTERVAL when absent or wrong: seconds between two writes of the metrics file */
export const METRICS_INTERVAL_DEFAULT = 15;

const EXTENSION_KEYS: readonly ExtensionKey[] = [
  {
    key: 'ENABLE_IPV6',
    summary: 'detect, report and block IPv6 scanners as well',
    whenAbsent: 'IPv4 only, as 1.2',
    check: oneOf('0', '1'),
  },
  {
    key: 'KILL_ROUTE6',
    summary: 'the firewall command run for an IPv6 host (KILL_ROUTE is run for IPv4 hosts only)',
    whenAbsent: 'IPv6 hosts are not blocked by route',
    check: (value) => (value.includes('$TARGET$') ? null : `expected a command naming $TARGET$, found "${value}"`),
  },
  {
    key: 'CROWDSEC_CREDENTIALS',
    summary:
      "push detections to a CrowdSec Local API, as the machine this credentials file names (cscli's local_api_credentials.yaml)",
    whenAbsent: 'nothing is pushed',
    check: (value) => (value.startsWith('/') ? null : `expected an absolute path, found "${value}"`),
  },
  {
    key: 'CROWDSEC_SCENARIO',
    summary: 'the scenario name the CrowdSec alerts carry',
    whenAbsent: 'portsentry/port-scan',
    check: (value) =>
      /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(value)
        ? null
        : `expected a scenario name such as "author/name", found "${value}"`,
  },
  {
    key: 'CROWDSEC_PUSH',
    summary:
      'which hosts are pushed to CrowdSec: "blocked" (those portsentry blocks) or "detected" (every host that triggers)',
    whenAbsent: '"blocked"',
    check: oneOf('blocked', 'detected'),
  },
  {
    key: 'METRICS_FILE',
    summary:
      "write Prometheus metrics for node_exporter's textfile collector; each mode's daemon writes its own file, with -MODE before .prom",
    whenAbsent: 'no metrics file (`portsentry status` still works)',
    check: (value) =>
      value.startsWith('/') && value.endsWith('.prom') && !value.endsWith('/.prom')
        ? null
        : `expected an absolute path ending in .prom (node_exporter reads *.prom only), found "${value}"`,
  },
  {
    key: 'METRICS_INTERVAL',
    summary: 'seconds between two writes of the metrics file',
    whenAbsent: `${METRICS_INTERVAL_DEFAULT} seconds`,
    check: (value) =>
      /^[0-9]{1,4}$/.test(value) && Number(value) >= 1 && Number(value) <= 3600
        ? null
        : `expected a whole number of seconds from 1 to 3600, found "${value}"`,
  },
];

export const EXTENSION_KEY_NAMES: readonly string[] = EXTENSION_KEYS.map((k) => k.key);

export const extensionKey = (key: string): ExtensionKey => {
  const info = EXTENSION_KEYS.find((k) => k.key === key);
  if (info === undefined) throw new Error(`portsentry: ${key} is not an extension key`);
  return info;
};

/**
 * An extension key's value, read as 1.2 reads its own keys (ConfigTokenRetrieve's rules, so that
 * quoting works the same on every line), or undefined when the line is absent or has no quotes.
 */
export const extensionValue = (file: ConfigFile, key: string): string | undefined => {
  extensionKey(key);
  const found = lookupToken(file, key);
  return found.kind === 'found' ? found.value : undefined;
};
