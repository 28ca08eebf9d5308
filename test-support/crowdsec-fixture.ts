/**
 * Test support for the CrowdSec push: Debian's own crowdsec (Local API, cscli) and
 * crowdsec-firewall-bouncer, as test-support/fetch-crowdsec.sh leaves them in test-support/.crowdsec,
 * run in the foreground inside the test's network namespaces (no service is installed or started),
 * and our daemon with its own /var/lib and /run (a private mount namespace binding per-test
 * folders there). Everything is killed by pid and waited for by events or bounded polls.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exited, outputShows } from './child-output.js';
import { firstReason, needsMountNs, needsNetns } from './guards.js';
import type { Netns } from './netns-fixture.js';

const ROOT = new URL('./.crowdsec/root', import.meta.url).pathname;
const FETCH = new URL('./fetch-crowdsec.sh', import.meta.url).pathname;
const REPO = new URL('..', import.meta.url).pathname;
const CROWDSEC = join(ROOT, 'usr/bin/crowdsec');
const CSCLI = join(ROOT, 'usr/bin/cscli');
const BOUNCER = join(ROOT, 'usr/bin/crowdsec-firewall-bouncer');

let fetched: string | null | undefined;
/** Debian's CrowdSec binaries, fetched once (apt-get download) when they are not cached yet */
export const needsCrowdsec = (): string | null => {
  if (fetched !== undefined) return fetched;
  const base = firstReason(needsNetns(), needsMountNs());
  if (base !== null) return (fetched = base);
  if (![CROWDSEC, CSCLI, BOUNCER].every(existsSync)) {
    const r = spawnSync('bash', [FETCH], { encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0 || ![CROWDSEC, CSCLI, BOUNCER].every(existsSync)) {
      return (fetched = `needs Debian's crowdsec and crowdsec-firewall-bouncer (test-support/fetch-crowdsec.sh failed: ${(r.stderr ?? '').trim().split('\n').pop() ?? r.status})`);
    }
  }
  return (fetched = null);
};

/** polls `probe` every 100 ms until it returns a value other than undefined, for at most `ms` */
export const pollFor = async <T>(what: string, ms: number, probe: () => T | undefined): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`${what}: not within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

const stop = async (child: ChildProcess | null): Promise<void> => {
  if (child === null || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited(child);
  clearTimeout(timer);
};

/** A Local API: sqlite in `dir`, listening on `listen` (e.g. "[fd00:1::2]:8080") in `ns`, no Central API. */
export class Lapi {
  private child: ChildProcess | null = null;
  readonly config: string;

  constructor(
    readonly ns: Netns,
    readonly dir: string,
    readonly listen: string,
  ) {
    mkdirSync(join(dir, 'data'), { recursive: true });
    mkdirSync(join(dir, 'hub'), { recursive: true });
    this.config = join(dir, 'config.yaml');
    writeFileSync(
      this.config,
      [
        'common:',
        '  daemonize: false',
        '  log_media: stdout',
        '  log_level: info',
        'config_paths:',
        `  config_dir: ${dir}/`,
        `  data_dir: ${dir}/data/`,
        `  simulation_path: ${dir}/simulation.yaml`,
        `  hub_dir: ${dir}/hub/`,
        `  index_path: ${dir}/hub/.index.json`,
        `  notification_dir: ${dir}/notifications/`,
        `  plugin_dir: ${dir}/plugins/`,
        'db_config:',
        '  type: sqlite',
        `  db_path: ${dir}/data/crowdsec.db`,
        '  use_wal: false',
        'api:',
        '  client:',
        `    credentials_path: ${dir}/local_api_credentials.yaml`,
        '  server:',
        `    listen_uri: '${listen}'`,
        `    profiles_path: ${dir}/profiles.yaml`,
        // cscli deletes alerts only from a trusted address: the API's own, where cscli runs
        '    trusted_ips:',
        `      - '${listen.replace(/^\[?([^\]]*)\]?:\d+$/, '$1')}'`,
        'prometheus:',
        '  enabled: false',
        '',
      ].join('\n'),
    );
    // the profile Debian ships (default_ip_remediation), with nothing else
    writeFileSync(
      join(dir, 'profiles.yaml'),
      'name: ip_ban\nfilters:\n - Alert.Remediation == true && Alert.GetScope() == "Ip"\ndecisions:\n - type: ban\n   duration: 4h\non_success: break\n',
    );
    writeFileSync(join(dir, 'simulation.yaml'), 'simulation: false\n');
  }

  get url(): string {
    return `http://${this.listen}/`;
  }

  async start(): Promise<void> {
    this.child = this.ns.start([CROWDSEC, '-c', this.config, '-no-cs']);
    await outputShows(this.child, 'CrowdSec Local API listening');
  }

  async stop(): Promise<void> {
    await stop(this.child);
    this.child = null;
  }

  cscli(args: string[]): string {
    const r = this.ns.run([CSCLI, '-c', this.config, ...args]);
    if (r.code !== 0) throw new Error(`cscli ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  }

  /** `cscli machines add`: a validated machine; its credentials file (local_api_credentials.yaml format) */
  addMachine(name: string, password: string): string {
    const file = join(this.dir, `${name}.yaml`);
    this.cscli(['machines', 'add', name, '--password', password, '-f', file, '--url', this.url]);
    return file;
  }

  /** `cscli bouncers add NAME -k KEY` */
  addBouncer(name: string, key: string): void {
    this.cscli(['bouncers', 'add', name, '-k', key]);
  }

  /** `cscli alerts list -o json`, every alert (cscli itself logs in as a machine of its own) */
  alerts(): CscliAlert[] {
    return (JSON.parse(this.cscli(['alerts', 'list', '-o', 'json', '--limit', '0'])) as CscliAlert[]) ?? [];
  }
}

interface CscliAlert {
  id: number;
  scenario: string;
  message: string;
  machine_id: string;
  remediation?: boolean;
  source: { scope: string; value: string; ip?: string };
  events: { meta: { key: string; value: string }[] }[];
  decisions: { type: string; value: string }[] | null;
}

/** crowdsec-firewall-bouncer in nftables mode in `ns`, asking `apiUrl` every second */
export class Bouncer {
  private child: ChildProcess | null = null;

  constructor(
    readonly ns: Netns,
    readonly dir: string,
    readonly apiUrl: string,
    readonly key: string,
  ) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'bouncer.yaml'),
      [
        'mode: nftables',
        `pid_dir: ${dir}/`,
        'update_frequency: 1s',
        'daemonize: false',
        'log_mode: stdout',
        'log_level: info',
        `api_url: ${apiUrl}`,
        `api_key: ${key}`,
        'disable_ipv6: false',
        'deny_action: DROP',
        'deny_log: false',
        'supported_decisions_types:',
        '  - ban',
        'nftables:',
        '  ipv4:',
        '    enabled: true',
        '    set-only: false',
        '    table: crowdsec',
        '    chain: crowdsec-chain',
        '  ipv6:',
        '    enabled: true',
        '    set-only: false',
        '    table: crowdsec6',
        '    chain: crowdsec6-chain',
        'prometheus:',
        '  enabled: false',
        '',
      ].join('\n'),
    );
  }

  async start(): Promise<void> {
    this.child = this.ns.start([BOUNCER, '-c', join(this.dir, 'bouncer.yaml')]);
    await outputShows(this.child, 'nftables initiated');
  }

  async stop(): Promise<void> {
    await stop(this.child);
    this.child = null;
  }

  /** the addresses in the bouncer's IPv4 set, as `nft` lists them */
  banned(): string[] {
    const r = this.ns.run([this.ns.nftPath, '-j', 'list', 'set', 'ip', 'crowdsec', 'crowdsec-blacklists']);
    if (r.code !== 0) return [];
    const doc = JSON.parse(r.stdout) as { nftables: { set?: { elem?: unknown[] } }[] };
    const elems = doc.nftables.find((x) => x.set !== undefined)?.set?.elem ?? [];
    return elems.map((e) => {
      // a set with timeouts lists {"elem": {"val": "127.0.0.5", "timeout": ..., "expires": ...}}
      const v = typeof e === 'string' ? e : (e as { elem?: { val?: unknown } }).elem?.val;
      return typeof v === 'string' ? v : JSON.stringify(e);
    });
  }
}

/**
 * Our daemon (`portsentry run tcp --foreground`) in `ns`, with `dir`/var-lib over /var/lib and
 * `dir`/run over /run in a private mount namespace: its spool is `dir`/var-lib/portsentry/... and its
 * state file `dir`/run/portsentry/crowdsec-tcp.json. Its syslog lines are on its stderr.
 */
export class Daemon {
  child: ChildProcess | null = null;
  output = '';

  /** the config file it runs with (daemonConfig()) */
  config = '';

  constructor(
    readonly ns: Netns,
    readonly dir: string,
  ) {
    mkdirSync(join(dir, 'var-lib'), { recursive: true });
    mkdirSync(join(dir, 'run'), { recursive: true });
  }

  get spoolDir(): string {
    return join(this.dir, 'var-lib/portsentry/crowdsec-spool/tcp');
  }

  get stateFile(): string {
    return join(this.dir, 'run/portsentry/crowdsec-tcp.json');
  }

  async start(): Promise<void> {
    const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
    const script =
      `mount --bind ${q(join(this.dir, 'var-lib'))} /var/lib && mount --bind ${q(join(this.dir, 'run'))} /run && ` +
      `exec ${q(process.execPath)} ${q(join(REPO, 'bin/portsentry'))} run tcp --foreground --config ${q(this.config)}`;
    this.output = '';
    // its state in the fixture's folder, mounted over /run
    this.child = this.ns.start(['unshare', '-m', '--propagation', 'private', '/bin/sh', '-c', script], {
      ...process.env,
      PORTSENTRY_RUN_DIR: '/run/portsentry',
    });
    const child = this.child;
    child.stderr?.on('data', (b: Buffer) => (this.output += b.toString()));
    // a loaded machine can take more than outputShows' 10 s to start Node and oclif
    await pollFor('the daemon\'s "now active and listening"', 30_000, () =>
      this.output.includes('PortSentry is now active and listening.')
        ? true
        : child.exitCode !== null
          ? false
          : undefined,
    ).then((ok) => {
      if (!ok) throw new Error(`the daemon exited: ${this.output}`);
    });
  }

  async stop(): Promise<void> {
    await stop(this.child);
    this.child = null;
  }
}

/** a classic-tcp config for the daemon: port `port`, every connection a block (by /bin/true) and a push */
export const daemonConfig = (dir: string, port: number, credentials: string | null, extra = ''): string => {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'portsentry.conf');
  writeFileSync(join(dir, 'portsentry.ignore'), '127.0.0.1/32\n');
  writeFileSync(
    path,
    `TCP_PORTS="${port}"\nUDP_PORTS="${port}"\nBLOCK_TCP="1"\nBLOCK_UDP="1"\nSCAN_TRIGGER="0"\n` +
      `KILL_ROUTE="/bin/true $TARGET$"\n` +
      `BLOCKED_FILE="${dir}/portsentry.blocked"\nHISTORY_FILE="${dir}/portsentry.history"\nIGNORE_FILE="${dir}/portsentry.ignore"\n` +
      (credentials === null ? '' : `CROWDSEC_CREDENTIALS="${credentials}"\n`) +
      extra,
  );
  return path;
};
