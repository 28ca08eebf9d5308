/**
 * Benchmark "response-commands": what a response command costs. COUNT connections (default 500)
 * to one watched port in -tcp, one at a time, each from a source of its own (127.1.x.y), so that
 * each triggers and runs its response:
 *  - none:        BLOCK_TCP 0 (no command; the baseline)
 *  - KILL_ROUTE:  BLOCK_TCP 1, KILL_ROUTE="/bin/true $TARGET$" (one /bin/sh -c a hit)
 *  - KILL_RUN_CMD: BLOCK_TCP 2, KILL_RUN_CMD="/bin/true $TARGET$"
 * Both binaries run the same plans in the same run, each in a network namespace of its own. For
 * each: the daemon's CPU time with its children's (utime+stime+cutime+cstime of /proc/PID/stat)
 * over the flood (and the daemon's own part, utime+stime), the wall time, and the per-command
 * overhead: (CPU - CPU of "none") / COUNT.
 *
 *   sudo node dist/bench/response-commands.js [COUNT] [RUNS]   (defaults 500 and 3; medians)
 * Target: ours's per-command overhead at or below 1.2's.
 */
import { wholeArgument } from './arguments.js';
import { config, implementations, machine, requireRoot, runOne, saveResults, CLK_TCK } from './stealth-bench-lib.js';

requireRoot();
const count = wholeArgument('response-commands', 'COUNT', process.argv[2], 500, 62500);
const runs = wholeArgument('response-commands', 'RUNS', process.argv[3], 3, 9);
const PORT = 11;
const COMMAND = '/bin/true $TARGET$';
const plans: { name: string; over: Record<string, string> }[] = [
  { name: 'none', over: { BLOCK_TCP: '0' } },
  { name: 'KILL_ROUTE', over: { BLOCK_TCP: '1', KILL_ROUTE: COMMAND } },
  { name: 'KILL_RUN_CMD', over: { BLOCK_TCP: '2', KILL_RUN_CMD: COMMAND } },
];

interface Row {
  impl: string;
  plan: string;
  run: number;
  cpuS: number;
  /** the daemon's own part of cpuS (utime+stime), the rest being its commands' */
  selfS: number;
  wallS: number;
  completed: number;
  attacks: number;
}
const rows: Row[] = [];

for (let run = 1; run <= runs; run++)
  for (const plan of plans)
    for (const { name, command } of implementations()) {
      const r = await runOne(
        `response-commands ${plan.name} ${name}`,
        command,
        ['-tcp'],
        config({ TCP_PORTS: String(PORT), ...plan.over }),
        [
          { sleepMs: 300, sample: 'before' },
          { send: { kind: 'tcp-connect', count, concurrency: 1, port: PORT, deadlineMs: 120_000 } },
          { waitAttacks: count, sample: 'after' },
        ],
        512,
      );
      const a = r.samples.before;
      const b = r.samples.after;
      rows.push({
        impl: name,
        plan: plan.name,
        run,
        cpuS: a && b ? (b.cpuTicks - a.cpuTicks) / CLK_TCK : NaN,
        selfS: a && b ? (b.selfTicks - a.selfTicks) / CLK_TCK : NaN,
        wallS: (r.sends[0]?.ms ?? NaN) / 1000,
        completed: r.sends[0]?.completed ?? 0,
        attacks: r.attacks,
      });
      if (r.notes.some((n) => !n.startsWith('left in namespace: 0')))
        process.stdout.write(`${plan.name} ${name}: ${r.notes.join('; ')}\n`);
    }

const median = (xs: number[]): number => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const med = (impl: string, plan: string, f: (r: Row) => number): number =>
  median(rows.filter((r) => r.impl === impl && r.plan === plan).map(f));

process.stdout.write(`machine: ${machine()}\ndate: ${new Date().toISOString()}\n`);
process.stdout.write(
  `response-commands: ${count} connections to TCP port ${PORT} (-tcp), one at a time, distinct sources; command "${COMMAND}"; median of ${runs} run(s)\n`,
);
const summary: Record<string, Record<string, number>> = {};
for (const plan of plans)
  for (const impl of ['1.2', 'ours']) {
    const cpu = med(impl, plan.name, (r) => r.cpuS);
    const wall = med(impl, plan.name, (r) => r.wallS);
    const base = med(impl, 'none', (r) => r.cpuS);
    const self = med(impl, plan.name, (r) => r.selfS);
    const selfBase = med(impl, 'none', (r) => r.selfS);
    const selfOverhead = ((self - selfBase) / count) * 1000;
    const baseWall = med(impl, 'none', (r) => r.wallS);
    const overhead = plan.name === 'none' ? null : ((cpu - base) / count) * 1000;
    const wallOverhead = plan.name === 'none' ? null : ((wall - baseWall) / count) * 1000;
    summary[`${plan.name} ${impl}`] = {
      cpu,
      self,
      wall,
      overheadMs: overhead ?? 0,
      selfOverheadMs: plan.name === 'none' ? 0 : selfOverhead,
      wallOverheadMs: wallOverhead ?? 0,
    };
    process.stdout.write(
      `  ${plan.name.padEnd(12)} ${impl.padEnd(5)} ${med(impl, plan.name, (r) => r.completed)} completed, ` +
        `${med(impl, plan.name, (r) => r.attacks)} attack lines; CPU ${cpu.toFixed(2)} s (the daemon's own ${self.toFixed(2)} s), wall ${wall.toFixed(2)} s` +
        (overhead === null
          ? '\n'
          : `; per command ${overhead.toFixed(2)} ms CPU (the daemon's own ${selfOverhead.toFixed(2)}), ${wallOverhead!.toFixed(2)} ms wall\n`),
    );
  }
process.stdout.write(
  `results: ${saveResults('response-commands', { machine: machine(), count, runs, rows, summary })}\n`,
);
