/**
 * Shared runner of the stealth benchmarks: runs the 1.2 binary and ours on the same plan, one
 * after the other, each in a network + mount namespace of its own (stealth-bench-inner.ts), and
 * returns what each measured. Run as root. Everything it creates (namespaces, mounts, processes)
 * is removed afterwards; processes are killed by pid.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchStep {
  /** packets sent from a process of their own */
  send?: {
    kind: 'ack-noise' | 'syn-burst' | 'udp-burst' | 'tcp-connect';
    count: number;
    /** tcp-connect: connections under way at once (each from its own 127.1.x.y source) */
    concurrency?: number;
    /** tcp-connect: give up on the connections not done this long after the first (ms) */
    deadlineMs?: number;
    port?: number;
    portFrom?: number;
    portTo?: number;
    sourceOffset?: number;
    ports?: number[];
    /** every packet from this address instead of distinct 127.1.x.y sources */
    from?: string;
    /** IPv6 (ENABLE_IPV6): to fd00::1 from distinct spoofed fd00::1:0.. sources (ipv6-frames.ts) */
    ipv6?: true;
  };
  /** wait until a syslog line containing `text` arrived (at most `ms`); its arrival is in `seen` */
  waitLine?: { text: string; ms: number };
  /** wait until this many attack lines were logged (or 5 s without progress) */
  waitAttacks?: number;
  /** sleep this long (ms) */
  sleepMs?: number;
  /** record the daemon's CPU ticks (utime+stime+cutime+cstime; selfTicks: utime+stime) and RSS under this label */
  sample?: string;
}

export interface BenchSpec {
  label: string;
  command: string[];
  argv: string[];
  config: string;
  tmp: string;
  resultFile: string;
  addon: string;
  steps: BenchStep[];
  /** net.unix.max_dgram_qlen in the namespace (undefined: the kernel default, 10) */
  dgramQlen?: number;
  /** added to the daemon's clean environment */
  env?: Record<string, string>;
}

export interface BenchResult {
  label: string;
  startupMs: number | null;
  daemonPid: number | null;
  /** RSS now, its peak so far (VmHWM) and its anonymous part (RssAnon) */
  samples: Record<
    string,
    { cpuTicks: number; selfTicks: number; rssKiB: number; peakKiB: number; anonKiB: number; atMs: number }
  >;
  sends: {
    kind: string;
    count: number;
    ms: number;
    startEpochMs: number;
    /** tcp-connect: connections the client saw established, and then closed by the daemon */
    connected?: number;
    completed?: number;
  }[];
  attacks: number;
  historyLines: number;
  lastAttackMs: number | null;
  /** wall clock of the last attack line, to compare with a send's startEpochMs */
  lastAttackEpochMs: number | null;
  syslogTotal: number;
  /** wall clock at which the first line containing each waitLine text arrived */
  seen: Record<string, number>;
  /** ms from invocation: the invoking process's "is starting" line, its exit */
  phases: { startingLineMs?: number; invokerExitMs?: number };
  notes: string[];
}

/** clock ticks per second of /proc/PID/stat on Linux */
export const CLK_TCK = 100;

const here = dirname(fileURLToPath(import.meta.url)); // dist/bench
export const repo = resolve(here, '..', '..');
const INNER = join(here, 'stealth-bench-inner.js');
const ADDON = join(repo, 'build', 'Release', 'portsentry_native.node');
const REF_CANDIDATES = [
  join(repo, 'compat-tests', '.ref', 'usr', 'sbin', 'portsentry'),
  '/work/ref/bin/usr/sbin/portsentry',
];

export const refBinary = (): string => {
  const found = REF_CANDIDATES.find((p) => existsSync(p));
  if (found === undefined)
    throw new Error(
      `the 1.2 binary is missing: expected one of ${REF_CANDIDATES.join(', ')} (run compat-tests/fetch-reference.sh)`,
    );
  return found;
};

/**
 * The bench-only LD_PRELOAD shim (bench/native/rcvbuf-shim.c) that gives every raw socket a 64 MiB
 * receive buffer, compiled once per benchmark run into a temporary folder (never shipped).
 */
let shim: string | undefined;
const rcvbufShim = (): string => {
  if (shim !== undefined) return shim;
  const out = join(mkdtempSync('/tmp/psb-shim-'), 'rcvbuf-shim.so');
  execFileSync('cc', ['-shared', '-fPIC', '-O2', '-o', out, join(repo, 'bench', 'native', 'rcvbuf-shim.c'), '-ldl']);
  shim = out;
  return out;
};

export interface Implementation {
  name: string;
  command: string[];
  /** added to the daemon's clean environment */
  env?: Record<string, string>;
}

/**
 * 1.2 and ours; with `lossless`, also 1.2 with a 64 MiB receive buffer on its raw sockets (LD_PRELOAD),
 * which loses nothing of a burst and so does the same work as ours, hit for hit. BENCH_ONLY=NAME,...
 * keeps only those; BENCH_OURS=FILE runs bin/FILE as ours (a copy of bin/portsentry with profiling flags).
 */
export const implementations = (opts: { lossless?: boolean } = {}): Implementation[] =>
  allImplementations(opts).filter(
    (i) => process.env.BENCH_ONLY === undefined || process.env.BENCH_ONLY.split(',').includes(i.name),
  );

const allImplementations = (opts: { lossless?: boolean }): Implementation[] => [
  { name: '1.2', command: [refBinary()] },
  ...(opts.lossless === true ? [{ name: '1.2big', command: [refBinary()], env: { LD_PRELOAD: rcvbufShim() } }] : []),
  // run as the init script runs it: the program itself (its bash line starts both Node processes)
  { name: 'ours', command: [join(repo, 'bin', process.env.BENCH_OURS ?? 'portsentry')] },
];

/** the Debian 1.2-14 default TCP_PORTS for stealth mode */
export const DEBIAN_TCP_PORTS =
  '1,11,15,79,111,119,143,540,635,1080,1524,2000,5742,6667,12345,12346,20034,27665,31337,32771,32772,32773,32774,40421,49724,54320';

export const config = (over: Record<string, string>): string =>
  Object.entries({
    TCP_PORTS: DEBIAN_TCP_PORTS,
    UDP_PORTS: '1,7,9,69,161,162,513,635,640,641,700,37444,34555,31335,32770,32771,32772,32773,32774,31337,54321',
    BLOCKED_FILE: '/var/lib/portsentry/portsentry.blocked',
    HISTORY_FILE: '/var/lib/portsentry/portsentry.history',
    IGNORE_FILE: '/etc/portsentry/portsentry.ignore',
    BLOCK_TCP: '0',
    BLOCK_UDP: '0',
    SCAN_TRIGGER: '0',
    ...over,
  })
    .map(([k, v]) => `${k}="${v}"\n`)
    .join('');

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const netnsPids = (ns: string): number[] => {
  let ino: number;
  try {
    ino = statSync(`/run/netns/${ns}`).ino;
  } catch {
    return [];
  }
  const link = `net:[${ino}]`;
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readlinkSync(`/proc/${p}/ns/net`) === link;
      } catch {
        return false;
      }
    })
    .map(Number);
};

let counter = 0;

/** One implementation on one plan, in namespaces of its own; always cleans up. */
export const runOne = async (
  label: string,
  command: string[],
  argv: string[],
  conf: string,
  steps: BenchStep[],
  dgramQlen?: number,
  env?: Record<string, string>,
): Promise<BenchResult> => {
  const ns = `psb-${process.pid}-${++counter}`;
  const tmp = mkdtempSync('/tmp/psb-');
  const resultFile = join(tmp, 'result.json');
  const spec: BenchSpec = { label, command, argv, config: conf, tmp, resultFile, addon: ADDON, steps, dgramQlen, env };
  writeFileSync(join(tmp, 'spec.json'), JSON.stringify(spec));
  execFileSync('ip', ['netns', 'add', ns]);
  try {
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(
        'ip',
        [
          'netns',
          'exec',
          ns,
          'unshare',
          '-m',
          '--propagation',
          'private',
          process.execPath,
          INNER,
          join(tmp, 'spec.json'),
        ],
        {
          stdio: ['ignore', 'inherit', 'inherit'],
        },
      );
      const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    if (code !== 0 || !existsSync(resultFile)) throw new Error(`${label}: the benchmark run failed (exit ${code})`);
    return JSON.parse(readFileSync(resultFile, 'utf8')) as BenchResult;
  } finally {
    for (let round = 0; round < 20; round++) {
      const pids = netnsPids(ns);
      if (pids.length === 0) break;
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      await sleep(50);
    }
    execFileSync('ip', ['netns', 'del', ns]);
    rmSync(tmp, { recursive: true, force: true });
  }
};

export const machine = (): string => {
  const free = (() => {
    try {
      return execFileSync('free', ['-g'], { encoding: 'utf8' }).split('\n')[1]?.replace(/\s+/g, ' ').trim() ?? '';
    } catch {
      return `${Math.round(totalmem() / 2 ** 30)} GiB`;
    }
  })();
  const nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  return `nproc ${nproc} (${cpus()[0]?.model ?? 'unknown CPU'}); free -g: ${free}; kernel ${execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim()}; node ${process.version}`;
};

/** writes the figures to bench/results/NAME-DATE.json and returns the file */
export const saveResults = (name: string, data: unknown): string => {
  const dir = join(repo, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(data, null, 2));
  return file;
};

export const requireRoot = (): void => {
  if (process.getuid?.() !== 0) {
    process.stderr.write('this benchmark creates network namespaces: run it as root\n');
    process.exit(2);
  }
};

export const seconds = (ticks: number): string => (ticks / CLK_TCK).toFixed(2);
