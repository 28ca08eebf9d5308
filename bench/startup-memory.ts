/**
 * Benchmark "startup and memory": time from invocation to "now active and listening" (-stcp and
 * -atcp, several runs each), resident memory idle (1 s and 12 s after the start) and after floods
 * of 5000 then FLOODS x 20000 spoofed sources (memory must stay bounded whatever the number of sources).
 *
 *   sudo node dist/bench/startup-memory.js [RUNS [FLOODS]]      (defaults 5 and 4)
 * Targets: listening within 250 ms; memory bounded.
 */
import { wholeArgument } from './arguments.js';
import {
  config,
  implementations,
  machine,
  requireRoot,
  runOne,
  saveResults,
  seconds,
  type BenchStep,
} from './stealth-bench-lib.js';

requireRoot();
const runs = wholeArgument('startup-memory', 'RUNS', process.argv[2], 5, 1000);
const floods = wholeArgument('startup-memory', 'FLOODS', process.argv[3], 4, 1000);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)]!;
};
const out: Record<string, unknown> = {};
process.stdout.write(`machine: ${machine()}\ndate: ${new Date().toISOString()}\n`);
for (const mode of ['-stcp', '-atcp']) {
  for (const { name, command } of implementations()) {
    const times: number[] = [];
    const starting: number[] = [];
    const invokerExit: number[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await runOne(
        `startup ${name} ${mode}`,
        command,
        [mode],
        config({ ADVANCED_PORTS_TCP: '1024', ADVANCED_EXCLUDE_TCP: '113,139' }),
        [{ sample: 'idle' }],
      );
      if (r.startupMs !== null) times.push(r.startupMs);
      if (r.phases.startingLineMs !== undefined) starting.push(r.phases.startingLineMs);
      if (r.phases.invokerExitMs !== undefined) invokerExit.push(r.phases.invokerExitMs);
    }
    out[`startup ${name} ${mode}`] = { active: times, startingLine: starting, invokerExit };
    process.stdout.write(
      `startup ${mode} ${name.padEnd(5)}: "now active" median ${median(times).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}, ${times.length} runs; target <= 250 ms); "is starting" line ${median(starting).toFixed(0)} ms; invoking process exits ${median(invokerExit).toFixed(0)} ms\n`,
    );
  }
}
/** floods of spoofed sources (SCAN_TRIGGER 2: one SYN each never triggers, all go through the state engine) */
const FLOODS = [5000, ...Array<number>(floods).fill(20000)];
for (const { name, command } of implementations()) {
  // idle at 1 s, then at 12 s: after the daemon's first check that its firewall rule is still there (every 10 s)
  const steps: BenchStep[] = [
    { sleepMs: 1000, sample: 'idle' },
    { sleepMs: 11000, sample: 'idle at 12 s' },
  ];
  let sent = 0;
  for (const n of FLOODS) {
    steps.push({ send: { kind: 'syn-burst', count: n, port: 1, sourceOffset: sent } });
    sent += n;
    steps.push({ sleepMs: 3000, sample: `after ${sent} sources` });
  }
  const r = await runOne(`memory ${name}`, command, ['-stcp'], config({ SCAN_TRIGGER: '2' }), steps);
  out[`memory ${name}`] = r.samples;
  const line = Object.entries(r.samples)
    .map(([k, v]) => `${k} ${v.rssKiB} KiB (anon ${v.anonKiB})`)
    .join(', ');
  const all = Object.values(r.samples);
  const last = all.at(-1);
  const idle = r.samples.idle;
  process.stdout.write(
    `memory -stcp ${name.padEnd(5)}: RSS ${line}; peak RSS (VmHWM) ${last?.peakKiB ?? NaN} KiB, largest anon sampled ${Math.max(...all.map((v) => v.anonKiB))} KiB; flood CPU ${last === undefined || idle === undefined ? '-' : seconds(last.cpuTicks - idle.cpuTicks)} s\n`,
  );
}
process.stdout.write(`results: ${saveResults('startup-memory', { machine: machine(), runs, ...out })}\n`);
