/**
 * Benchmark "burst": 5000 SYNs from 5000 distinct sources (127.1.x.y) to one watched port, sent
 * as fast as the sender can (about 50 ms), BLOCK_TCP 0. Counts the attack lines logged and the
 * history-file lines each implementation produced, and how long it took.
 *
 *   sudo node dist/bench/stealth-burst.js [COUNT]      (default 5000, at most 62500: distinct sources)
 * Target: all COUNT detected, logged and written to the history file.
 */
import { wholeArgument } from './arguments.js';
import { CLK_TCK, config, implementations, machine, requireRoot, runOne, saveResults } from './stealth-bench-lib.js';

requireRoot();
const count = wholeArgument('stealth-burst', 'COUNT', process.argv[2], 5000, 62500);
/** net.unix.max_dgram_qlen in the namespaces: 512 as systemd sets it on Debian, or the kernel's 10 */
const qlen = Number(process.env.DGRAM_QLEN ?? 512);
const rows: {
  impl: string;
  sendMs: number;
  attacks: number;
  history: number;
  doneMs: number | null;
  /** last line after the last packet was sent */
  afterLastMs: number | null;
  cpuS: number;
  rssIdleKiB: number;
  rssAfterKiB: number;
}[] = [];
for (const { name, command, env } of implementations({ lossless: true })) {
  const r = await runOne(
    `burst ${name}`,
    command,
    ['-stcp'],
    config({}),
    [
      { sleepMs: 500, sample: 'idle' },
      { send: { kind: 'syn-burst', count, port: 1 } },
      { waitAttacks: count, sample: 'after' },
    ],
    qlen,
    env,
  );
  rows.push({
    impl: name,
    sendMs: r.sends[0]?.ms ?? NaN,
    attacks: r.attacks,
    history: r.historyLines,
    doneMs:
      r.lastAttackEpochMs === null || r.sends[0] === undefined ? null : r.lastAttackEpochMs - r.sends[0].startEpochMs,
    afterLastMs:
      r.lastAttackEpochMs === null || r.sends[0] === undefined
        ? null
        : r.lastAttackEpochMs - r.sends[0].startEpochMs - r.sends[0].ms,
    cpuS: ((r.samples.after?.cpuTicks ?? NaN) - (r.samples.idle?.cpuTicks ?? NaN)) / CLK_TCK,
    rssIdleKiB: r.samples.idle?.rssKiB ?? NaN,
    rssAfterKiB: r.samples.after?.rssKiB ?? NaN,
  });
  if (r.notes.length) process.stdout.write(`${name}: ${r.notes.join('; ')}\n`);
}
process.stdout.write(`machine: ${machine()}\ndate: ${new Date().toISOString()}\n`);
process.stdout.write(
  `burst: ${count} SYNs from ${count} sources to TCP port 1, -stcp, BLOCK_TCP 0, net.unix.max_dgram_qlen ${qlen}\n`,
);
for (const r of rows)
  process.stdout.write(
    `  ${r.impl.padEnd(5)} sent in ${r.sendMs.toFixed(0)} ms; detected+logged ${r.attacks}/${count} (${((100 * r.attacks) / count).toFixed(1)}%); history ${r.history}/${count}; last line ${r.doneMs === null ? '-' : (r.doneMs / 1000).toFixed(2) + ' s'} after the first packet, ${r.afterLastMs === null ? '-' : (r.afterLastMs / 1000).toFixed(2) + ' s'} after the last; daemon CPU ${r.cpuS.toFixed(2)} s; RSS ${r.rssIdleKiB} KiB idle, ${r.rssAfterKiB} KiB after\n`,
  );
process.stdout.write(`results: ${saveResults('stealth-burst', { machine: machine(), count, qlen, rows })}\n`);
