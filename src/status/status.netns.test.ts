import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Netns } from '../../test-support/netns-fixture.js';
import { firstReason, needsMountNs, needsNft, nftPath, titled } from '../../test-support/guards.js';
import type { Mode } from '../config/settings.js';
import type { StatusReport } from './status-report.js';
import type { Counts, DaemonState } from './state.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'portsentry');
const PROM_BIN = join(ROOT, 'test-support', '.cache', 'prometheus', 'root', 'usr', 'bin');
const NODE_EXPORTER = join(PROM_BIN, 'prometheus-node-exporter');
const PROMTOOL = join(PROM_BIN, 'promtool');

const SKIP = firstReason(
  needsNft(),
  needsMountNs(),
  existsSync('/etc/hosts.deny') ? null : 'needs /etc/hosts.deny to bind a test file over',
);
const PROM_SKIP =
  SKIP ??
  (existsSync(NODE_EXPORTER) && existsSync(PROMTOOL)
    ? null
    : 'needs node_exporter and promtool (test-support/fetch-prometheus.sh)');

/** one packet or connection of the scripted scan */
type Probe = [source: string, port: number];

interface ModeCase {
  mode: Mode;
  /** config lines beyond the files */
  config: string;
  /** a port a service holds before the daemon starts */
  held: number;
  scan: Probe[];
  /** KILL_HOSTS_DENY onto a read-only /etc/hosts.deny: every response fails */
  failResponses?: boolean;
  counts: Counts;
  watched: DaemonState['watched'];
  lastDetection: { host: string; port: number };
}

const SCAN: Probe[] = [
  ['127.0.0.2', 1],
  ['127.0.0.2', 11],
  ['127.0.0.2', 79],
  ['127.0.0.3', 81],
  ['127.0.0.1', 1],
];
/** 5 hits: 127.0.0.1 is in the ignore file; 127.0.0.2 blocked on its first port, then already blocked */
const BLOCKING: Counts = {
  hits: 5,
  ignored: 1,
  triggered: 4,
  alreadyBlocked: 2,
  blocked: 2,
  responseFailures: 0,
  dropped: 0,
};
const FAILING: Counts = { ...BLOCKING, alreadyBlocked: 0, blocked: 0, responseFailures: 4 };
const CLASSIC_LIST = { kind: 'list' as const, ports: [1, 11, 79, 81] };

const CASES: ModeCase[] = [
  {
    mode: 'tcp',
    config: 'TCP_PORTS="1,11,79,80,81"\nBLOCK_TCP="1"\n',
    held: 80,
    scan: SCAN,
    counts: BLOCKING,
    watched: CLASSIC_LIST,
    // 1.2's attack line names ports[i] for the i-th socket that bound: 80 for 81 once 80 was skipped
    lastDetection: { host: '127.0.0.3', port: 80 },
  },
  {
    mode: 'udp',
    config: 'UDP_PORTS="1,11,79,80,81"\nBLOCK_UDP="1"\n',
    held: 80,
    scan: SCAN,
    failResponses: true,
    counts: FAILING,
    watched: CLASSIC_LIST,
    lastDetection: { host: '127.0.0.3', port: 80 },
  },
  {
    mode: 'stcp',
    config: 'TCP_PORTS="1,11,79,80,81"\nBLOCK_TCP="1"\n',
    held: 80,
    scan: SCAN,
    counts: BLOCKING,
    watched: CLASSIC_LIST,
    lastDetection: { host: '127.0.0.3', port: 81 },
  },
  {
    mode: 'sudp',
    config: 'UDP_PORTS="1,11,79,80,81"\nBLOCK_UDP="1"\n',
    held: 80,
    scan: SCAN,
    failResponses: true,
    counts: FAILING,
    watched: CLASSIC_LIST,
    lastDetection: { host: '127.0.0.3', port: 81 },
  },
  {
    mode: 'atcp',
    config: 'ADVANCED_PORTS_TCP="100"\nADVANCED_EXCLUDE_TCP="11"\nBLOCK_TCP="1"\n',
    held: 80,
    // port 11 is excluded: no hit
    scan: SCAN,
    counts: { ...BLOCKING, hits: 4, triggered: 3, alreadyBlocked: 1 },
    watched: { kind: 'below', limit: 100, except: [11, 80] },
    lastDetection: { host: '127.0.0.3', port: 81 },
  },
  {
    mode: 'audp',
    config: 'ADVANCED_PORTS_UDP="100"\nADVANCED_EXCLUDE_UDP="11"\nBLOCK_UDP="1"\n',
    held: 80,
    scan: SCAN,
    counts: { ...BLOCKING, hits: 4, triggered: 3, alreadyBlocked: 1 },
    watched: { kind: 'below', limit: 100, except: [11, 80] },
    lastDetection: { host: '127.0.0.3', port: 81 },
  },
];

const q = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`;

/** a private mount namespace: a tmpfs over /run with the test's folder at /run/portsentry, a test file over /etc/hosts.deny */
const mountScript = (dir: string, readOnlyDeny: boolean, readOnlyRun: boolean): string =>
  [
    'set -e',
    'mount -t tmpfs -o mode=0755 tmpfs /run',
    'mkdir /run/portsentry',
    `mount --bind ${q(join(dir, 'run'))} /run/portsentry`,
    ...(readOnlyRun ? ['mount -o remount,bind,ro /run/portsentry'] : []),
    `mount --bind ${q(join(dir, 'hosts.deny'))} /etc/hosts.deny`,
    ...(readOnlyDeny ? ['mount -o remount,bind,ro /etc/hosts.deny'] : []),
    'exec "$0" "$@"',
  ].join('\n');

const waitFor = async <T>(what: string, probe: () => T | null, ms = 15_000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== null) return v;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

/** a service holding `port` on 127.0.0.1 (TCP listener or UDP socket), until killed */
const holdPort = (ns: Netns, proto: 'tcp' | 'udp', port: number): ChildProcess =>
  ns.start([
    process.execPath,
    '-e',
    proto === 'tcp'
      ? `require('node:net').createServer((s) => s.destroy()).listen(${port}, '127.0.0.1', () => console.log('ready'))`
      : `require('node:dgram').createSocket('udp4').bind(${port}, '127.0.0.1', () => console.log('ready'))`,
  ]);

/** the scan, one probe after the other: a connection attempt or a datagram from each source */
const runScan = (ns: Netns, proto: 'tcp' | 'udp', probes: Probe[]): void => {
  const script = `
    const net = require('node:net'), dgram = require('node:dgram');
    const probes = JSON.parse(process.argv[1]);
    const one = ([src, port]) => new Promise((resolve) => {
      if (${JSON.stringify(proto)} === 'tcp') {
        const c = net.connect({ host: '127.0.0.1', port, localAddress: src, timeout: 1000 });
        const end = () => { c.destroy(); resolve(); };
        c.once('connect', end); c.once('timeout', end); c.once('error', end);
      } else {
        const s = dgram.createSocket('udp4');
        s.bind(0, src, () => s.send(Buffer.from('x'), port, '127.0.0.1', () => { s.close(); resolve(); }));
      }
    });
    (async () => { for (const p of probes) { await one(p); await new Promise((r) => setTimeout(r, 150)); } })();`;
  const r = ns.run([process.execPath, '-e', script, JSON.stringify(probes)]);
  if (r.code !== 0) throw new Error(`scan failed: ${r.stderr}`);
};

const readState = (dir: string, mode: Mode): DaemonState | null => {
  try {
    return JSON.parse(readFileSync(join(dir, 'run', `status-${mode}.json`), 'utf8')) as DaemonState;
  } catch {
    return null;
  }
};

/** `portsentry status` in the daemon's namespaces (its /run/portsentry, its nft tables) */
const status = (pid: number, json: boolean): { code: number; stdout: string } => {
  const r = spawnSync(
    'nsenter',
    ['-t', String(pid), '-m', '-n', '--', process.execPath, BIN, 'status', ...(json ? ['--json'] : [])],
    { encoding: 'utf8', timeout: 20_000 },
  );
  return { code: r.status ?? -1, stdout: r.stdout };
};

interface Started {
  ns: Netns;
  dir: string;
  daemon: ChildProcess;
  pid: number;
  metrics: string;
  /** what the daemon wrote on stderr so far (every syslog line, in the foreground) */
  stderr: () => string;
}

const startDaemon = async (c: ModeCase, readOnlyRun = false): Promise<Started> => {
  const ns = Netns.create(nftPath());
  const dir = mkdtempSync(join(tmpdir(), `ps-status-${c.mode}-`));
  mkdirSync(join(dir, 'run'));
  mkdirSync(join(dir, 'prom'));
  writeFileSync(join(dir, 'hosts.deny'), '');
  writeFileSync(join(dir, 'i'), '127.0.0.1\n');
  const conf = join(dir, 'portsentry.conf');
  writeFileSync(
    conf,
    `${c.config}BLOCKED_FILE="${dir}/b"\nHISTORY_FILE="${dir}/h"\nIGNORE_FILE="${dir}/i"\nSCAN_TRIGGER="0"\n` +
      (c.failResponses ? 'KILL_HOSTS_DENY="ALL: $TARGET$"\n' : 'KILL_ROUTE="/bin/true $TARGET$"\n') +
      'METRICS_INTERVAL="1"\n',
  );
  const proto = c.mode.endsWith('tcp') ? 'tcp' : 'udp';
  const holder = holdPort(ns, proto, c.held);
  await new Promise<void>((resolve, reject) => {
    holder.stdout!.once('data', () => resolve());
    holder.once('exit', (code) => reject(new Error(`the port holder exited (${code})`)));
  });
  const metrics = join(dir, 'prom', `portsentry-${c.mode}.prom`);
  const daemon = ns.start(
    [
      'unshare',
      '-m',
      '--propagation',
      'private',
      '/bin/sh',
      '-c',
      mountScript(dir, c.failResponses === true, readOnlyRun),
      process.execPath,
      BIN,
      'run',
      c.mode,
      '--config',
      conf,
      '--foreground',
      '--metrics-file',
      metrics,
    ],
    { ...process.env, PORTSENTRY_RUN_DIR: '/run/portsentry' },
  ); // the test's folder, mounted there
  let err = '';
  await new Promise<void>((resolve, reject) => {
    daemon.stderr.on('data', (b: Buffer) => {
      err += b.toString();
      if (err.includes('PortSentry is now active and listening')) resolve();
    });
    daemon.once('exit', (code) => reject(new Error(`the daemon exited (${code}): ${err}`)));
  });
  return { ns, dir, daemon, pid: daemon.pid!, metrics, stderr: () => err };
};

const startedAlone = (mode: Mode): never => {
  throw new Error(`run this test with the -${mode} case before it (its stderr is the comparison)`);
};

const stop = (s: Started | undefined): void => {
  if (s === undefined) return;
  s.ns.destroy();
  rmSync(s.dir, { recursive: true, force: true });
};

/** the series of one daemon in an exposition text, without HELP/TYPE: name{labels} -> value */
const samples = (text: string, mode: Mode): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const l of text.split('\n')) {
    const m = new RegExp(`^(portsentry_\\w+)\\{mode="${mode}",protocol="(tcp|udp)"\\} (\\S+)$`).exec(l);
    if (m !== null) out[m[1]!] = Number(m[3]);
  }
  return out;
};

const expectedSamples = (c: ModeCase, state: DaemonState): Record<string, number> => ({
  portsentry_start_time_seconds: Math.floor(Date.parse(state.startedAt) / 1000),
  portsentry_watched_ports: c.watched?.kind === 'list' ? c.watched.ports.length : 100 - 2,
  portsentry_ports_in_use: 1,
  portsentry_hits_total: c.counts.hits,
  portsentry_ignored_total: c.counts.ignored,
  portsentry_triggered_total: c.counts.triggered,
  portsentry_already_blocked_total: c.counts.alreadyBlocked,
  portsentry_blocked_total: c.counts.blocked,
  portsentry_response_failures_total: c.counts.responseFailures,
  portsentry_dropped_events_total: 0,
  portsentry_queue_events: 0,
  portsentry_last_detection_timestamp_seconds: Math.floor(Date.parse(state.lastDetection!.at) / 1000),
  portsentry_state_write_failures_total: 0,
});

/** each mode's stderr once its scan was handled, for the read-only /run comparison */
const stderrAfterScan = new Map<Mode, string>();

describe.skipIf(SKIP !== null)(titled('portsentry status and the metrics file, against real daemons', SKIP), () => {
  for (const c of CASES) {
    it(`counts what a scripted scan caused, for -${c.mode}`, async () => {
      let s: Started | undefined;
      try {
        s = await startDaemon(c);
        const started = s;
        runScan(s.ns, c.mode.endsWith('tcp') ? 'tcp' : 'udp', c.scan);
        const state = await waitFor(`${c.counts.hits} hits in the state file`, () => {
          const st = readState(started.dir, c.mode);
          return st !== null && st.counts.hits >= c.counts.hits && st.queueDepth === 0 ? st : null;
        });
        expect(state.counts).toEqual(c.counts);
        stderrAfterScan.set(c.mode, s.stderr());
        expect({
          mode: state.mode,
          pid: state.pid,
          configFile: state.configFile,
          watched: state.watched,
          inUse: state.inUse,
          host: state.lastDetection?.host,
          port: state.lastDetection?.port,
          stealthTable: state.stealthTable,
        }).toEqual({
          mode: c.mode,
          pid: s.pid,
          configFile: join(s.dir, 'portsentry.conf'),
          watched: c.watched,
          inUse: [c.held],
          host: c.lastDetection.host,
          port: c.lastDetection.port,
          stealthTable: c.mode === 'tcp' || c.mode === 'udp' ? null : `portsentry_${c.mode}`,
        });

        const json = status(s.pid, true);
        expect(json.code).toBe(0);
        const report = JSON.parse(json.stdout) as StatusReport;
        expect(report.daemons.map((d) => [d.mode, d.pid, d.running, d.stealthTableCheck, d.counts])).toEqual([
          [c.mode, s.pid, true, c.mode === 'tcp' || c.mode === 'udp' ? null : 'in place', c.counts],
        ]);
        const text = status(s.pid, false);
        expect(text.code).toBe(0);
        expect(text.stdout.split('\n')[0]).toBe(`portsentry -${c.mode}: running, pid ${s.pid}`);
        expect(text.stdout).toContain(`\n  hits:               ${c.counts.hits}\n`);

        const exposed = await waitFor('the metrics file with the scan counted', () => {
          const t = existsSync(started.metrics) ? readFileSync(started.metrics, 'utf8') : '';
          return samples(t, c.mode).portsentry_hits_total === c.counts.hits ? t : null;
        });
        expect(samples(exposed, c.mode)).toEqual(expectedSamples(c, state));
        expect(readdirSync(join(s.dir, 'prom'))).toEqual([`portsentry-${c.mode}.prom`]);

        // a clean stop takes the state and the metrics away
        const exited = new Promise<void>((r) => started.daemon.once('exit', () => r()));
        process.kill(s.pid, 'SIGTERM');
        await exited;
        expect([existsSync(join(s.dir, 'run', `status-${c.mode}.json`)), existsSync(s.metrics)]).toEqual([
          false,
          false,
        ]);
      } finally {
        stop(s);
      }
    }, 60_000);
  }

  it('runs and logs exactly the same with a read-only /run/portsentry, and writes nothing there', async () => {
    const c = CASES[0]!;
    let s: Started | undefined;
    try {
      s = await startDaemon(c, true);
      const started = s;
      runScan(s.ns, 'tcp', c.scan);
      const attacks = c.counts.triggered;
      const err = await waitFor(`${attacks} attack lines`, () => {
        const e = started.stderr();
        return (e.match(/^attackalert: Connect from host/gm) ?? []).length === attacks ? e : null;
      });
      // the same run with /run writable, from the -tcp case above
      const writable = stderrAfterScan.get('tcp') ?? startedAlone('tcp');
      expect(err.replaceAll(started.dir, 'DIR')).toBe(writable.replaceAll(/\/tmp\/ps-status-tcp-[^/]+/g, 'DIR'));
      expect(readdirSync(join(s.dir, 'run'))).toEqual([]);
      const json = status(s.pid, true);
      expect([json.code, (JSON.parse(json.stdout) as StatusReport).daemons]).toEqual([1, []]);
    } finally {
      stop(s);
    }
  }, 60_000);

  it('says a daemon killed without its clean exit is not running, and exits 1', async () => {
    let s: Started | undefined;
    try {
      s = await startDaemon(CASES[0]!);
      const started = s;
      await waitFor('the state file', () => readState(started.dir, 'tcp'));
      // status from a process in the same mount namespace, which outlives the daemon
      const keeper = s.ns.start([
        'nsenter',
        '-t',
        String(s.pid),
        '-m',
        '--',
        process.execPath,
        '-e',
        "console.log('ready'); setInterval(() => {}, 1000)",
      ]);
      await new Promise<void>((resolve, reject) => {
        keeper.stdout.once('data', () => resolve());
        keeper.once('exit', (code) => reject(new Error(`the keeper exited (${code})`)));
      });
      const exited = new Promise<void>((r) => started.daemon.once('exit', () => r()));
      process.kill(s.pid, 'SIGKILL');
      await exited;
      const json = status(keeper.pid!, true);
      expect(json.code).toBe(1);
      const report = JSON.parse(json.stdout) as StatusReport;
      expect(report.daemons.map((d) => [d.mode, d.pid, d.running])).toEqual([['tcp', s.pid, false]]);
      const text = status(keeper.pid!, false);
      expect(text.code).toBe(1);
      expect(text.stdout.split('\n')[0]).toBe(
        `portsentry -tcp: not running (pid ${s.pid} is gone; stale state in /run/portsentry/status-tcp.json)`,
      );
      expect(text.stdout.trimEnd().split('\n').at(-1)).toBe(
        'No portsentry daemon is running (no live state in /run/portsentry).',
      );
    } finally {
      stop(s);
    }
  }, 60_000);
});

describe.skipIf(PROM_SKIP !== null)(
  titled("the metrics file, read by Debian's prometheus-node-exporter and checked by promtool", PROM_SKIP),
  () => {
    let s: Started | undefined;
    const c = CASES[2]!; // stcp
    beforeAll(async () => {
      s = await startDaemon(c);
      runScan(s.ns, 'tcp', c.scan);
    }, 60_000);
    afterAll(() => stop(s));

    it('promtool check metrics finds no problem in it', async () => {
      const started = s!;
      const text = await waitFor('the metrics file with the scan counted', () => {
        const t = existsSync(started.metrics) ? readFileSync(started.metrics, 'utf8') : '';
        return samples(t, c.mode).portsentry_hits_total === c.counts.hits ? t : null;
      });
      const r = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 20_000 });
      expect({ code: r.status, out: `${r.stdout}${r.stderr}` }).toEqual({ code: 0, out: '' });
    });

    it("shows the portsentry series on node_exporter's /metrics page", async () => {
      const started = s!;
      await waitFor('the metrics file with the scan counted', () => {
        const t = existsSync(started.metrics) ? readFileSync(started.metrics, 'utf8') : '';
        return samples(t, c.mode).portsentry_hits_total === c.counts.hits ? t : null;
      });
      const exporter = started.ns.start([
        NODE_EXPORTER,
        '--web.listen-address=127.0.0.1:9100',
        '--collector.disable-defaults',
        '--collector.textfile',
        `--collector.textfile.directory=${join(started.dir, 'prom')}`,
      ]);
      try {
        // fetched inside the namespace: 127.0.0.1 there is the namespace's own loopback
        const fetchPage = `fetch('http://127.0.0.1:9100/metrics').then(async (r) => process.stdout.write(await r.text()), () => process.exit(1))`;
        const page = await waitFor('the /metrics page', () => {
          const r = started.ns.run([process.execPath, '-e', fetchPage]);
          return r.code === 0 && r.stdout.includes('portsentry_') ? r.stdout : null;
        });
        expect(samples(page, c.mode)).toEqual(samples(readFileSync(started.metrics, 'utf8'), c.mode));
        expect(page).toContain('# TYPE portsentry_hits_total counter\n');
        expect(page).toMatch(/node_textfile_scrape_error 0\n/);
      } finally {
        exporter.kill('SIGTERM');
      }
    });
  },
);
