/**
 * Benchmark of `portsentry report` (issue 16) over a generated history of LINES lines (default
 * 1,000,000) in three generations as Debian's logrotate rule leaves them (FILE.2.gz, FILE.1, FILE),
 * with SOURCES distinct scanners (default 50,000: more than the 10,000 the report counts exactly, so
 * the Space-Saving path is timed), a Zipf-like spread over them and over 200 ports, 80% TCP. Each run
 * is a new `bin/portsentry report` process under /usr/bin/time (wall time and peak RSS); the text,
 * --json and --html forms are timed, and the report over a tenth of the lines, to show that the
 * peak RSS does not grow with the history. For scale, the same runs time `zcat -f FILES | grep -c`,
 * what an admin does today. PortSentry 1.2 has no report: there is no 1.2 figure to set beside these.
 *
 *   node dist/bench/report.js [--lines N] [--sources N] [--runs N]
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { wholeArgument } from './arguments.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const valueOf = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
};
const lines = wholeArgument('report', '--lines', valueOf('--lines'), 1_000_000, 100_000_000);
const sources = wholeArgument('report', '--sources', valueOf('--sources'), 50_000, 16_000_000);
const runs = wholeArgument('report', '--runs', valueOf('--runs'), 3, 100);
const TIME = '/usr/bin/time';
if (!existsSync(TIME)) {
  process.stderr.write(`report: ${TIME}: not installed (Debian's time package)\n`);
  process.exit(2);
}

/** a small deterministic generator (mulberry32), so every run benchmarks the same history */
const random = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
const rnd = random(16);
/** Zipf-like: rank k with weight about 1/k */
const zipf = (n: number): number => Math.min(n - 1, Math.floor(Math.exp(rnd() * Math.log(n + 1))) - 1);
const p2 = (n: number): string => String(n).padStart(2, '0');

const historyLines = (count: number, startEpoch: number, step: number): string[] => {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const epoch = startEpoch + i * step;
    const d = new Date(epoch * 1000);
    const s = zipf(sources);
    const address = `10.${(s >> 16) & 255}.${(s >> 8) & 255}.${s & 255}`;
    const port = [22, 23, 80, 443, 111, 135, 139, 445, 1080, 3389][zipf(10)]! + (rnd() < 0.2 ? zipf(190) * 7 : 0);
    const proto = rnd() < 0.8 ? 'TCP' : 'UDP';
    const when = `${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())}/${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
    out.push(`${epoch} - ${when} Host: ${address}/${address} Port: ${port} ${proto} Blocked\n`);
  }
  return out;
};

/** writes LINES lines as FILE.2.gz (40%), FILE.1 (30%) and FILE (30%); returns the config */
const makeHistory = (dir: string, count: number): string => {
  const history = join(dir, 'portsentry.history');
  const all = historyLines(count, 1_735_689_600, Math.max(1, Math.floor((365 * 86_400) / count)));
  const a = Math.floor(count * 0.4);
  const b = Math.floor(count * 0.7);
  writeFileSync(`${history}.2.gz`, gzipSync(Buffer.from(all.slice(0, a).join(''), 'latin1')));
  const write = (path: string, part: string[]): void => {
    const fd = openSync(path, 'w');
    for (let i = 0; i < part.length; i += 10_000) writeSync(fd, part.slice(i, i + 10_000).join(''));
    closeSync(fd);
  };
  write(`${history}.1`, all.slice(a, b));
  write(history, all.slice(b));
  const config = join(dir, 'portsentry.conf');
  writeFileSync(
    config,
    `BLOCKED_FILE="${dir}/b"\nHISTORY_FILE="${history}"\nIGNORE_FILE="${dir}/i"\nBLOCK_TCP="1"\nBLOCK_UDP="1"\n`,
  );
  return config;
};

interface Measure {
  seconds: number;
  /** user + system CPU seconds: less sensitive to the machine's load than the wall time */
  cpu: number;
  rssKiB: number;
}

/** one run under /usr/bin/time: its wall time and peak RSS */
const measure = (argv: string[]): Measure => {
  const r = spawnSync(TIME, ['-f', '%e %U %S %M', ...argv], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const m = /(\d+\.\d+) (\d+\.\d+) (\d+\.\d+) (\d+)\s*$/.exec(r.stderr);
  if (r.status !== 0 || m === null)
    throw new Error(`report: ${argv.join(' ')}: exit ${r.status}: ${r.stderr.slice(-500)}`);
  return { seconds: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rssKiB: Number(m[4]) };
};

/**
 * The live heap (after a full GC) at each quarter of the files read and at the end, in a Node of its
 * own running the report's module: what the report holds, apart from garbage V8 has not collected yet
 * (which is most of the peak RSS above the ~80 MiB a bare oclif start-up takes).
 */
const liveHeap = (config: string): string => {
  const script = `
    const { collectReport } = await import(${JSON.stringify(join(root, 'dist/src/report/collect.js'))});
    let next = 0; const at = [];
    const sample = () => { globalThis.gc(); at.push((process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)); };
    await collectReport({ configPath: ${JSON.stringify(config)}, since: null, top: 10, now: Date.now(),
      progress: (d, t) => { if (d / t >= next) { next += 0.25; sample(); } } });
    sample();
    process.stdout.write(at.join(' '));`;
  const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`report: live heap: ${r.stderr}`);
  return r.stdout;
};

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = mkdtempSync(join(os.tmpdir(), 'ps-bench-report-'));
const small = mkdtempSync(join(os.tmpdir(), 'ps-bench-report-small-'));
try {
  const made = Date.now();
  const config = makeHistory(dir, lines);
  const smallConfig = makeHistory(small, Math.max(1, Math.floor(lines / 10)));
  const generated = (Date.now() - made) / 1000;
  const cli = join(root, 'bin/portsentry');
  const history = join(dir, 'portsentry.history');
  const subjects: { name: string; argv: string[] }[] = [
    { name: `report (text), ${lines} lines`, argv: [cli, 'report', '--config', config] },
    { name: `report --json`, argv: [cli, 'report', '--config', config, '--json'] },
    { name: `report --html`, argv: [cli, 'report', '--config', config, '--html', join(dir, 'r.html')] },
    { name: `report, ${Math.floor(lines / 10)} lines`, argv: [cli, 'report', '--config', smallConfig, '--json'] },
    {
      name: 'zcat -f | grep -c (scale)',
      argv: ['sh', '-c', `zcat -f "${history}.2.gz" "${history}.1" "${history}" | grep -c Blocked`],
    },
  ];
  const loadBefore = os.loadavg();
  const results = subjects.map((s) => ({ ...s, runs: [] as Measure[] }));
  for (let i = 0; i < runs; i++) for (const s of results) s.runs.push(measure(s.argv));
  const heapBig = liveHeap(config);
  const heapSmall = liveHeap(smallConfig);
  const loadAfter = os.loadavg();
  process.stdout.write(
    `report benchmark: ${runs} runs each, ${new Date().toISOString()}\n` +
      `machine: ${os.cpus()[0]?.model ?? 'unknown cpu'} x${os.cpus().length}, ${os.type()} ${os.release()}, node ${process.version}, ` +
      `load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} -> ${loadAfter.map((l) => l.toFixed(2)).join(' ')}\n` +
      `history: ${lines} lines from ${sources} sources in 3 generations (generated in ${generated.toFixed(1)} s)\n`,
  );
  for (const s of results) {
    const secs = s.runs.map((r) => r.seconds);
    const cpu = s.runs.map((r) => r.cpu);
    const rss = s.runs.map((r) => r.rssKiB);
    const f = (n: number, digits: number): string => n.toFixed(digits).padStart(6);
    process.stdout.write(
      `${s.name.padEnd(30)} wall median ${f(median(secs), 2)} s  min ${f(Math.min(...secs), 2)} s  ` +
        `CPU median ${f(median(cpu), 2)} s  peak RSS median ${f(median(rss) / 1024, 1)} MiB  max ${f(Math.max(...rss) / 1024, 1)} MiB\n`,
    );
  }
  process.stdout.write(
    `live heap after GC, MiB, at the first chunk, 25/50/75/100% read and at the end: ${lines} lines: ${heapBig}; ${Math.floor(lines / 10)} lines: ${heapSmall}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
  rmSync(small, { recursive: true, force: true });
}
