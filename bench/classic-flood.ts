/**
 * Benchmark "classic-flood": the classic modes under a flood of real connections and datagrams.
 *  - -tcp: COUNT connections (default 500) to one watched port, CONCURRENCY at a time (1, 4, 16 and
 *    64 in turn), each from a source of its own (127.1.x.y), BLOCK_TCP 0; the client counts the
 *    connections it saw established and then closed by the daemon (completed), within 60 s.
 *  - -udp: COUNT datagrams from distinct sources to one watched port, sent as fast as possible.
 * Both binaries run on the same plan in the same run, each in a network namespace of its own; for
 * each, what the daemon reported: attackalert lines and history-file lines, and its CPU time.
 *
 *   sudo node dist/bench/classic-flood.js [COUNT] [RUNS]   (defaults 500 and 1; the median of RUNS is printed)
 * Target: ours completes and reports at least as many as 1.2 at every concurrency.
 */
import { wholeArgument } from './arguments.js';
import { config, implementations, machine, requireRoot, runOne, saveResults, seconds } from './stealth-bench-lib.js';

requireRoot();
const count = wholeArgument('classic-flood', 'COUNT', process.argv[2], 500, 62500);
const runs = wholeArgument('classic-flood', 'RUNS', process.argv[3], 1, 9);
const TCP_PORT = 11;
const UDP_PORT = 7;
const CONCURRENCY = [1, 4, 16, 64];

interface Row {
  impl: string;
  test: string;
  run: number;
  ms: number;
  connected: number | null;
  completed: number | null;
  attacks: number;
  history: number;
  cpuTicks: number | null;
}

const rows: Row[] = [];
const cpu = (r: Awaited<ReturnType<typeof runOne>>): number | null => {
  const a = r.samples.before;
  const b = r.samples.after;
  return a && b ? b.cpuTicks - a.cpuTicks : null;
};

for (let run = 1; run <= runs; run++) {
  for (const concurrency of CONCURRENCY) {
    for (const { name, command } of implementations()) {
      const r = await runOne(
        `classic-flood tcp c${concurrency} ${name}`,
        command,
        ['-tcp'],
        config({ TCP_PORTS: String(TCP_PORT) }),
        [
          { sleepMs: 300, sample: 'before' },
          { send: { kind: 'tcp-connect', count, concurrency, port: TCP_PORT, deadlineMs: 60_000 } },
          { waitAttacks: count, sample: 'after' },
        ],
        512,
      );
      const s = r.sends[0];
      rows.push({
        impl: name,
        test: `tcp c${concurrency}`,
        run,
        ms: s?.ms ?? NaN,
        connected: s?.connected ?? null,
        completed: s?.completed ?? null,
        attacks: r.attacks,
        history: r.historyLines,
        cpuTicks: cpu(r),
      });
      if (r.notes.some((n) => !n.startsWith('left in namespace: 0')))
        process.stdout.write(`${name}: ${r.notes.join('; ')}\n`);
    }
  }
  for (const { name, command } of implementations()) {
    const r = await runOne(
      `classic-flood udp ${name}`,
      command,
      ['-udp'],
      config({ UDP_PORTS: String(UDP_PORT) }),
      [
        { sleepMs: 300, sample: 'before' },
        { send: { kind: 'udp-burst', count, ports: [UDP_PORT] } },
        { waitAttacks: count, sample: 'after' },
      ],
      512,
    );
    rows.push({
      impl: name,
      test: 'udp',
      run,
      ms:
        r.lastAttackEpochMs === null || r.sends[0] === undefined ? NaN : r.lastAttackEpochMs - r.sends[0].startEpochMs,
      connected: null,
      completed: null,
      attacks: r.attacks,
      history: r.historyLines,
      cpuTicks: cpu(r),
    });
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
process.stdout.write(`machine: ${machine()}\ndate: ${new Date().toISOString()}\n`);
process.stdout.write(
  `classic-flood: ${count} connections to TCP port ${TCP_PORT} (-tcp) at concurrency ${CONCURRENCY.join(', ')}, and ${count} datagrams to UDP port ${UDP_PORT} (-udp), distinct sources, BLOCK_* 0; median of ${runs} run(s)\n`,
);
for (const test of [...CONCURRENCY.map((c) => `tcp c${c}`), 'udp'])
  for (const impl of ['1.2', 'ours']) {
    const mine = rows.filter((r) => r.test === test && r.impl === impl);
    const m = (f: (r: Row) => number | null) => median(mine.map(f).filter((v): v is number => v !== null));
    const ms = m((r) => r.ms);
    const completed = m((r) => r.completed);
    process.stdout.write(
      `  ${test.padEnd(7)} ${impl.padEnd(5)} ` +
        (test === 'udp'
          ? `last line ${(ms / 1000).toFixed(2)} s after the first datagram; `
          : `client: ${m((r) => r.connected)} connected, ${completed} completed in ${(ms / 1000).toFixed(2)} s (${((1000 * completed) / ms).toFixed(0)}/s); `) +
        `daemon: ${m((r) => r.attacks)} attack lines, ${m((r) => r.history)} history lines, ${seconds(m((r) => r.cpuTicks))} CPU-s\n`,
    );
  }
process.stdout.write(`results: ${saveResults('classic-flood', { machine: machine(), count, runs, rows })}\n`);
