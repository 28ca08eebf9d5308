/**
 * Benchmark "udp-burst": classic -udp under a burst. COUNT one-byte datagrams (default 6000) from
 * distinct sources (127.1.x.y) to two watched UDP ports of 127.0.0.1 in turn, sent as fast as the
 * sender can, BLOCK_UDP 0. Both binaries run on the same plan in the same run, each in a network
 * namespace of its own; counts the attack lines logged and the history-file lines each wrote.
 *
 *   sudo node dist/bench/udp-burst.js [COUNT]      (default 6000, at most 62500: distinct sources)
 * Target: ours handles (writes history lines for) at least as many datagrams as 1.2.
 */
import { wholeArgument } from './arguments.js';
import { config, implementations, machine, requireRoot, runOne, saveResults } from './stealth-bench-lib.js';

requireRoot();
const count = wholeArgument('udp-burst', 'COUNT', process.argv[2], 6000, 62500);
const ports = [7, 9];
/** net.unix.max_dgram_qlen in the namespaces: 512 as systemd sets it on Debian */
const qlen = Number(process.env.DGRAM_QLEN ?? 512);
const rows: { impl: string; sendMs: number; attacks: number; history: number; doneMs: number | null }[] = [];
for (const { name, command } of implementations()) {
  const r = await runOne(
    `udp-burst ${name}`,
    command,
    ['-udp'],
    config({ UDP_PORTS: ports.join(',') }),
    [{ sleepMs: 500 }, { send: { kind: 'udp-burst', count, ports } }, { waitAttacks: count }],
    qlen,
  );
  rows.push({
    impl: name,
    sendMs: r.sends[0]?.ms ?? NaN,
    attacks: r.attacks,
    history: r.historyLines,
    doneMs:
      r.lastAttackEpochMs === null || r.sends[0] === undefined ? null : r.lastAttackEpochMs - r.sends[0].startEpochMs,
  });
  if (r.notes.length) process.stdout.write(`${name}: ${r.notes.join('; ')}\n`);
}
process.stdout.write(`machine: ${machine()}\ndate: ${new Date().toISOString()}\n`);
process.stdout.write(
  `udp-burst: ${count} datagrams from ${count} sources to UDP ports ${ports.join(' and ')}, -udp, BLOCK_UDP 0, net.unix.max_dgram_qlen ${qlen}\n`,
);
for (const r of rows)
  process.stdout.write(
    `  ${r.impl.padEnd(5)} sent in ${r.sendMs.toFixed(0)} ms; logged ${r.attacks}/${count} (${((100 * r.attacks) / count).toFixed(1)}%); history ${r.history}/${count}; last line ${r.doneMs === null ? '-' : (r.doneMs / 1000).toFixed(2) + ' s'} after the first datagram\n`,
  );
process.stdout.write(`results: ${saveResults('udp-burst', { machine: machine(), count, ports, qlen, rows })}\n`);
