/**
 * Benchmark "noise": CPU seconds the -stcp daemon spends while 300k ACK segments hit ports
 * 1-1024 (which it must ignore). 1.2 reads every one of them (and the kernel's RST replies) from
 * its raw socket; ours never sees them (the kernel-side filter drops ACK/RST).
 *
 *   sudo node dist/bench/stealth-noise.js [COUNT]      (default 300000, at most 1000000: the frames are built in memory first)
 * Target: ours at most 10% of 1.2's CPU.
 */
import { wholeArgument } from './arguments.js';
import { config, implementations, machine, requireRoot, runOne, saveResults, seconds } from './stealth-bench-lib.js';

requireRoot();
const count = wholeArgument('stealth-noise', 'COUNT', process.argv[2], 300_000, 1_000_000);
const rows: { impl: string; cpuTicks: number; sendMs: number; startupMs: number | null }[] = [];
for (const { name, command } of implementations()) {
  const r = await runOne(`noise ${name}`, command, ['-stcp'], config({}), [
    { sleepMs: 500, sample: 'before' },
    { send: { kind: 'ack-noise', count, portFrom: 1, portTo: 1024 } },
    { sleepMs: 1000, sample: 'after' },
  ]);
  const before = r.samples.before?.cpuTicks ?? NaN;
  const after = r.samples.after?.cpuTicks ?? NaN;
  rows.push({ impl: name, cpuTicks: after - before, sendMs: r.sends[0]?.ms ?? NaN, startupMs: r.startupMs });
  if (r.attacks !== 0) process.stdout.write(`warning: ${name} reported ${r.attacks} attacks for ACK segments\n`);
  if (r.notes.length) process.stdout.write(`${name}: ${r.notes.join('; ')}\n`);
}
const [ref, ours] = rows;
const ratio = ref && ours && ref.cpuTicks > 0 ? (100 * ours.cpuTicks) / ref.cpuTicks : NaN;
process.stdout.write(`machine: ${machine()}\ndate: ${new Date().toISOString()}\n`);
process.stdout.write(`noise: ${count} ACK segments to ports 1-1024, -stcp\n`);
for (const r of rows)
  process.stdout.write(
    `  ${r.impl.padEnd(5)} daemon CPU ${seconds(r.cpuTicks)} s (sent in ${r.sendMs.toFixed(0)} ms)\n`,
  );
process.stdout.write(`  ours/1.2: ${ratio.toFixed(1)}% (target <= 10%)\n`);
process.stdout.write(`results: ${saveResults('stealth-noise', { machine: machine(), count, rows, ratio })}\n`);
