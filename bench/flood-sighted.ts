/**
 * Benchmark "flood-sighted": does a spoofed flood blind the detector? COUNT SYNs from distinct
 * spoofed sources (127.1.x.y) to a watched port, sent as fast as the sender can, with blocking on
 * (BLOCK_TCP 1, hosts.deny; each host found is written to the blocked and history files); then,
 * GAP_MS after the flood was sent, one SYN from a real scanner (127.0.0.77). Measured: how long after
 * its packet the scanner's attack line came, and how many flood hits were reported.
 *
 *   sudo node dist/bench/flood-sighted.js [COUNT] [GAP_MS]   (default 200000 and 1000)
 * Target (issue 11): the real scan reported within 2 s of its packet.
 */
import { wholeArgument } from './arguments.js';
import { config, implementations, machine, requireRoot, runOne, saveResults } from './stealth-bench-lib.js';

requireRoot();
const count = wholeArgument('flood-sighted', 'COUNT', process.argv[2], 200000, 1000000);
const gapMs = wholeArgument('flood-sighted', 'GAP_MS', process.argv[3], 1000, 600000);
const REAL = '127.0.0.77';
const marker = `from host: ${REAL}/${REAL}`;
const rows: { impl: string; sendMs: number; attacks: number; realAfterMs: number | null; rssAfterKiB: number }[] = [];
for (const { name, command } of implementations()) {
  const r = await runOne(
    `flood ${name}`,
    command,
    ['-stcp'],
    config({ BLOCK_TCP: '1', KILL_HOSTS_DENY: 'ALL: $TARGET$' }),
    [
      { sleepMs: 500 },
      { send: { kind: 'syn-burst', count, port: 1 } },
      { sleepMs: gapMs },
      { send: { kind: 'syn-burst', count: 1, port: 11, from: REAL } },
      { waitLine: { text: marker, ms: 120_000 }, sample: 'after' },
    ],
    512,
  );
  const real = r.sends[1];
  rows.push({
    impl: name,
    sendMs: r.sends[0]?.ms ?? NaN,
    attacks: r.attacks,
    realAfterMs: real === undefined || r.seen[marker] === undefined ? null : r.seen[marker] - real.startEpochMs,
    rssAfterKiB: r.samples.after?.rssKiB ?? NaN,
  });
  if (r.notes.length) process.stdout.write(`${name}: ${r.notes.join('; ')}\n`);
}
process.stdout.write(`machine: ${machine()}\ndate: ${new Date().toISOString()}\n`);
process.stdout.write(
  `flood: ${count} SYNs from spoofed 127.1.x.y to TCP port 1, -stcp, BLOCK_TCP 1; ${gapMs} ms later one SYN from ${REAL} to port 11\n`,
);
for (const r of rows)
  process.stdout.write(
    `  ${r.impl.padEnd(5)} flood sent in ${(r.sendMs / 1000).toFixed(1)} s; attack lines ${r.attacks}; real scan reported ${r.realAfterMs === null ? 'never (120 s)' : `${(r.realAfterMs / 1000).toFixed(2)} s`} after its packet; RSS after ${r.rssAfterKiB} KiB\n`,
  );
process.stdout.write(`results: ${saveResults('flood-sighted', { machine: machine(), count, gapMs, rows })}\n`);
