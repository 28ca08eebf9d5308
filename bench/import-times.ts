/**
 * Benchmark "import-times": where a start-up's time goes before the daemon does anything. Each run
 * is a new Node process (clean environment, bin/portsentry's NODE_OPTIONS) that loads, one after
 * the other, what the legacy path loads, and prints the time Node took to reach its first line and
 * each load's time: the bundle bin/portsentry requires (a CommonJS child, as the launcher is), and
 * for comparison the same modules as the ES modules tsc writes (an ES module child). The same for
 * `lint conf`. Medians of RUNS.
 *
 *   node dist/bench/import-times.js [RUNS]     (default 11)
 */
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { wholeArgument } from './arguments.js';
import { CLEAN_ENV } from './clean-env.js';
import { NODE_FLAGS } from '../src/system/no-debugger.js';

const runs = wholeArgument('import-times', 'RUNS', process.argv[2], 11, 1000);
const dist = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const at = (path: string): string => pathToFileURL(join(dist, path)).href;

/** what bin/portsentry loads (a bundle, required), then the same code as separate ES modules */
const SEQUENCES: Record<string, { load: 'require' | 'import'; modules: string[] }> = {
  'daemon (-stcp), bundle': { load: 'require', modules: ['bundle/legacy.cjs'] },
  'daemon (-stcp), ES modules': {
    load: 'import',
    modules: [
      'src/system/no-debugger.js',
      'src/daemon/daemonize.js',
      'src/legacy/cli.js',
      'src/daemon/run-mode.js',
      'src/capture/stealth.js',
    ],
  },
  'lint conf, bundle': { load: 'require', modules: ['bundle/lint.cjs'] },
  'lint conf, ES modules': { load: 'import', modules: ['src/system/no-debugger.js', 'src/lint/run-lint.js'] },
};

/** the children: performance.now() counts from the process's start */
const CHILD = {
  import: `
const out = [performance.now()];
for (const m of JSON.parse(process.argv[1])) { await import(m); out.push(performance.now()); }
process.stdout.write(JSON.stringify(out));
`,
  require: `
const out = [performance.now()];
for (const m of JSON.parse(process.argv[1])) { require(require('node:url').fileURLToPath(m)); out.push(performance.now()); }
process.stdout.write(JSON.stringify(out));
`,
};

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

for (const [name, { load, modules }] of Object.entries(SEQUENCES)) {
  const samples: number[][] = [];
  for (let i = 0; i < runs; i++) {
    const args = [
      ...(load === 'import' ? ['--input-type=module'] : []),
      '-e',
      CHILD[load],
      JSON.stringify(modules.map(at)),
    ];
    const out = execFileSync(process.execPath, args, {
      env: { ...CLEAN_ENV, NODE_OPTIONS: NODE_FLAGS },
      encoding: 'utf8',
    });
    samples.push(JSON.parse(out) as number[]);
  }
  const step = (k: number): number => median(samples.map((s) => (k === 0 ? s[0]! : s[k]! - s[k - 1]!)));
  process.stdout.write(`${name}: Node to its first line ${step(0).toFixed(1)} ms\n`);
  modules.forEach((m, k) => process.stdout.write(`  ${load} ${m.padEnd(28)} ${step(k + 1).toFixed(1)} ms\n`));
  const total = median(samples.map((s) => s.at(-1)! - s[0]!));
  process.stdout.write(`  all                              ${total.toFixed(1)} ms (median of ${runs} runs)\n`);
}
