/**
 * Benchmark of `portsentry lint conf` on Debian's portsentry.conf, cold start included: each run is
 * a new `bin/portsentry lint conf FILE` process, timed from spawn to exit, and the same without
 * oclif (src/lint/run-lint.ts lintFastPath, as bin/portsentry runs it). Runs are interleaved
 * with a bare `node -e 0` (the floor any Node CLI pays) and with the 1.2 binary printing its usage
 * (1.2 has no lint; this is its own cold start, for scale), so all three see the same machine load.
 *
 *   node dist/bench/lint-conf.js [--runs N] [--config FILE] [--reference PATH]
 *
 * Target (issue 4): median under 300 ms.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wholeArgument } from './arguments.js';
import { CLEAN_ENV } from './clean-env.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** the word after NAME on the command line, undefined when NAME (or the word) is absent */
const valueOf = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
};
const option = (name: string, fallback: string): string => valueOf(name) ?? fallback;

const runs = wholeArgument('lint-conf', '--runs', valueOf('--runs'), 31, 1000);
const config = option('--config', join(root, 'src/lint/corpus/debian-1.2-14.conf'));
const reference = [
  option('--reference', ''),
  join(root, 'compat-tests/.ref/usr/sbin/portsentry'),
  '/work/ref/bin/usr/sbin/portsentry',
].find((p) => p !== '' && existsSync(p));

interface Subject {
  name: string;
  command: string;
  args: string[];
  times: number[];
}

const subjects: Subject[] = [
  { name: 'node -e 0 (floor)', command: process.execPath, args: ['-e', '0'], times: [] },
  // the program itself, as an admin runs it (its first line is bash's, which then starts Node)
  { name: 'portsentry lint conf', command: join(root, 'bin/portsentry'), args: ['lint', 'conf', config], times: [] },
  {
    // what bin/portsentry does with plain `lint` arguments (its bundle, no oclif), without bash and
    // bin/portsentry's NODE_OPTIONS
    name: 'lint conf, bundle only',
    command: process.execPath,
    args: [
      '-e',
      `require(${JSON.stringify(join(root, 'dist/bundle/lint.cjs'))}).lintFastPath(['conf', ${JSON.stringify(config)}]);`,
    ],
    times: [],
  },
];
if (reference !== undefined) subjects.push({ name: '1.2 usage (reference)', command: reference, args: [], times: [] });

const time = (s: Subject): number => {
  const start = process.hrtime.bigint();
  // a clean environment: none of the benchmark's own variables (NODE_EXTRA_CA_CERTS...), as an admin's shell
  const r = spawnSync(s.command, s.args, { stdio: ['ignore', 'pipe', 'pipe'], env: CLEAN_ENV });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error !== undefined) throw new Error(`bench: cannot run ${s.command}: ${r.error.message}`);
  return ms;
};

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

if (!existsSync(config)) {
  process.stderr.write(`bench: ${config}: no such file\n`);
  process.exit(2);
}

const loadBefore = os.loadavg()[0]!;
for (const s of subjects) time(s); // warm the page cache once; cold start still means a new process
for (let i = 0; i < runs; i++) for (const s of subjects) s.times.push(time(s));
const loadAfter = os.loadavg()[0]!;

process.stdout.write(
  `lint-conf benchmark: ${runs} runs each, ${new Date().toISOString()}\n` +
    `machine: ${os.cpus()[0]?.model ?? 'unknown cpu'} x${os.cpus().length}, ${os.type()} ${os.release()}, node ${process.version}, ` +
    `load average ${loadBefore.toFixed(2)} -> ${loadAfter.toFixed(2)}\n` +
    `config: ${config}\n`,
);
for (const s of subjects) {
  const sorted = [...s.times].sort((a, b) => a - b);
  process.stdout.write(
    `${s.name.padEnd(24)} median ${percentile(sorted, 0.5).toFixed(0).padStart(5)} ms  p90 ${percentile(sorted, 0.9).toFixed(0).padStart(5)} ms  min ${sorted[0]!.toFixed(0).padStart(5)} ms\n`,
  );
}
