/**
 * Benchmark "import-times": where a start-up's time goes before the daemon does anything. Each run
 * is a new Node process (clean environment) that imports, one after the other, the modules the
 * legacy path loads, as bin/portsentry and the daemon load them, and prints the time Node took to
 * reach its first line and each import's time. The same for `lint conf`'s modules. Medians of RUNS.
 *
 *   node dist/bench/import-times.js [RUNS]     (default 11)
 */
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { wholeArgument } from './arguments.js';
import { CLEAN_ENV } from './clean-env.js';

const runs = wholeArgument('import-times', 'RUNS', process.argv[2], 11, 1000);
const src = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const at = (path: string): string => pathToFileURL(join(src, path)).href;

const SEQUENCES: Record<string, string[]> = {
  'daemon (-stcp)': [
    'system/no-debugger.js',
    'daemon/daemonize.js',
    'legacy/cli.js',
    'daemon/run-mode.js',
    'capture/stealth.js',
  ],
  'lint conf': ['system/no-debugger.js', 'lint/run-lint.js'],
};

/** the child: performance.now() counts from the process's start */
const CHILD = `
const out = [performance.now()];
for (const m of JSON.parse(process.argv[1])) { await import(m); out.push(performance.now()); }
process.stdout.write(JSON.stringify(out));
`;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

for (const [name, modules] of Object.entries(SEQUENCES)) {
  const samples: number[][] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', CHILD, JSON.stringify(modules.map(at))], {
      env: CLEAN_ENV,
      encoding: 'utf8',
    });
    samples.push(JSON.parse(out) as number[]);
  }
  const step = (k: number): number => median(samples.map((s) => (k === 0 ? s[0]! : s[k]! - s[k - 1]!)));
  process.stdout.write(`${name}: Node to its first line ${step(0).toFixed(1)} ms\n`);
  modules.forEach((m, k) => process.stdout.write(`  import ${m.padEnd(24)} ${step(k + 1).toFixed(1)} ms\n`));
  const total = median(samples.map((s) => s.at(-1)! - s[0]!));
  process.stdout.write(`  all imports              ${total.toFixed(1)} ms (median of ${runs} runs)\n`);
}
