/**
 * Benchmark "IPv6" (ENABLE_IPV6, issue 14): the stealth burst and noise figures for IPv6 next to
 * the IPv4 ones, and memory under thousands of spoofed IPv6 sources. 1.2 sees no IPv6, so its row
 * is its IPv4 run and ours runs both: IPv4 with the key on (1.2's work), then IPv6.
 *
 *   sudo node dist/bench/stealth-ipv6.js [BURST] [NOISE] [FLOOD]
 *     BURST: SYNs from distinct sources to one watched port (default 5000, at most 62500)
 *     NOISE: ACK segments to ports 1-1024 (default 300000, at most 1000000)
 *     FLOOD: SYNs from distinct spoofed IPv6 sources for the memory figure (default 20000, at most 200000)
 * Targets: every IPv6 SYN detected, logged and in the history file, as for IPv4; IPv6 noise costs ours
 * no more than IPv4 noise does; RSS after the flood bounded (what the IPv4 flood gives: about 100 MB).
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
  type BenchResult,
} from './stealth-bench-lib.js';

requireRoot();
const burst = wholeArgument('stealth-ipv6', 'BURST', process.argv[2], 5000, 62500);
const noise = wholeArgument('stealth-ipv6', 'NOISE', process.argv[3], 300_000, 1_000_000);
const flood = wholeArgument('stealth-ipv6', 'FLOOD', process.argv[4], 20_000, 200_000);
const qlen = Number(process.env.DGRAM_QLEN ?? 512);
const [ref, ours] = implementations();
const KEY = { ENABLE_IPV6: '1' };

interface Row {
  impl: string;
  family: 'IPv4' | 'IPv6';
  r: BenchResult;
}
const rows: { burst: Row[]; noise: Row[]; flood: Row[] } = { burst: [], noise: [], flood: [] };

const burstRun = async (impl: typeof ref, family: Row['family'], count: number, over: Record<string, string>) => {
  const r = await runOne(
    `${family} burst ${impl!.name}`,
    impl!.command,
    ['-stcp'],
    config(over),
    [
      { sleepMs: 500, sample: 'idle' },
      { send: { kind: 'syn-burst', count, port: 1, ...(family === 'IPv6' ? { ipv6: true as const } : {}) } },
      { waitAttacks: count, sample: 'after' },
    ],
    qlen,
  );
  if (r.notes.length) process.stdout.write(`${impl!.name} ${family}: ${r.notes.join('; ')}\n`);
  return { impl: impl!.name, family, r };
};

const noiseRun = async (impl: typeof ref, family: Row['family'], over: Record<string, string>) => {
  const r = await runOne(`${family} noise ${impl!.name}`, impl!.command, ['-stcp'], config(over), [
    { sleepMs: 500, sample: 'before' },
    {
      send: {
        kind: 'ack-noise',
        count: noise,
        portFrom: 1,
        portTo: 1024,
        ...(family === 'IPv6' ? { ipv6: true as const } : {}),
      },
    },
    { sleepMs: 1000, sample: 'after' },
  ]);
  if (r.attacks !== 0)
    process.stdout.write(`warning: ${impl!.name} ${family} reported ${r.attacks} attacks for ACKs\n`);
  return { impl: impl!.name, family, r };
};

rows.burst.push(await burstRun(ref, 'IPv4', burst, {}));
rows.burst.push(await burstRun(ours, 'IPv4', burst, KEY));
rows.burst.push(await burstRun(ours, 'IPv6', burst, KEY));
rows.noise.push(await noiseRun(ref, 'IPv4', {}));
rows.noise.push(await noiseRun(ours, 'IPv4', KEY));
rows.noise.push(await noiseRun(ours, 'IPv6', KEY));
rows.flood.push(await burstRun(ours, 'IPv6', flood, KEY));

const ms = (r: BenchResult): string =>
  r.lastAttackEpochMs === null || r.sends[0] === undefined
    ? '-'
    : `${((r.lastAttackEpochMs - r.sends[0].startEpochMs) / 1000).toFixed(2)} s`;
const cpu = (r: BenchResult): number => (r.samples.after?.cpuTicks ?? NaN) - (r.samples.before?.cpuTicks ?? NaN);
process.stdout.write(`machine: ${machine()}\ndate: ${new Date().toISOString()}\n`);
process.stdout.write(`burst: ${burst} SYNs from ${burst} sources to TCP port 1, -stcp, BLOCK_TCP 0, qlen ${qlen}\n`);
for (const { impl, family, r } of rows.burst)
  process.stdout.write(
    `  ${impl.padEnd(5)} ${family} sent in ${(r.sends[0]?.ms ?? NaN).toFixed(0)} ms; detected+logged ${r.attacks}/${burst}; history ${r.historyLines}/${burst}; last line ${ms(r)} after the first packet; RSS ${r.samples.idle?.rssKiB} KiB idle, ${r.samples.after?.rssKiB} KiB after\n`,
  );
process.stdout.write(`noise: ${noise} ACK segments to ports 1-1024, -stcp\n`);
for (const { impl, family, r } of rows.noise)
  process.stdout.write(
    `  ${impl.padEnd(5)} ${family} daemon CPU ${seconds(cpu(r))} s (sent in ${(r.sends[0]?.ms ?? NaN).toFixed(0)} ms)\n`,
  );
const f = rows.flood[0]!.r;
process.stdout.write(
  `flood: ${flood} SYNs from ${flood} spoofed IPv6 sources, ours: detected ${f.attacks}; RSS ${f.samples.idle?.rssKiB} KiB idle, ${f.samples.after?.rssKiB} KiB after\n`,
);
const summary = (rs: Row[]) =>
  rs.map(({ impl, family, r }) => ({
    impl,
    family,
    attacks: r.attacks,
    history: r.historyLines,
    sendMs: r.sends[0]?.ms,
    lastLineMs:
      r.lastAttackEpochMs === null || r.sends[0] === undefined ? null : r.lastAttackEpochMs - r.sends[0].startEpochMs,
    cpuTicks: cpu(r),
    rssIdleKiB: r.samples.idle?.rssKiB,
    rssAfterKiB: r.samples.after?.rssKiB,
  }));
process.stdout.write(
  `results: ${saveResults('stealth-ipv6', { machine: machine(), burst, noise, flood, qlen, burstRows: summary(rows.burst), noiseRows: summary(rows.noise), floodRows: summary(rows.flood) })}\n`,
);
