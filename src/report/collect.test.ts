import { rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeHistory, OLDEST, type HistoryFixture } from '../../test-support/history-fixture.js';
import { collectReport } from './collect.js';
import { renderText } from './text.js';
import type { ReportData } from './report-data.js';

let fx: HistoryFixture;
beforeEach(() => {
  fx = makeHistory();
});
afterEach(() => rmSync(fx.dir, { recursive: true, force: true }));

const NOW = Date.UTC(2026, 0, 6);
/** the report, with the fixture's folder (which changes with TMPDIR) named DIR */
const report = async (since: { text: string; ms: number } | null = null, top = 10): Promise<ReportData> =>
  JSON.parse(
    JSON.stringify(await collectReport({ configPath: fx.config, since, top, now: NOW })).replaceAll(fx.dir, 'DIR'),
  ) as ReportData;

const TEXT = `portsentry report: DIR/portsentry.history (HISTORY_FILE of DIR/portsentry.conf)
Files, oldest first:
  DIR/portsentry.history.2.gz: 2 lines
  DIR/portsentry.history.1: 3 lines
  DIR/portsentry.history: 4 lines
Period: the whole history; blocks from 01/02/2026 08:00:00 to 01/05/2026
  08:00:00
Blocks: 5 (TCP 4, UDP 1) from 3 sources on 4 ports

Blocks per day
2026-01-02 2 |#################################################################
2026-01-03 1 |#################################
2026-01-04 1 |#################################
2026-01-05 1 |#################################

Top sources
  COUNT  SOURCE           FIRST SEEN           LAST SEEN
      3  127.0.0.2        01/02/2026 08:00:00  01/05/2026 08:00:00
         ports: 23/TCP 80/TCP
      1  127.0.0.3        01/02/2026 09:00:00  01/02/2026 09:00:00
         ports: 111/UDP
         name: scanner.example
      1  127.0.0.5        01/04/2026 04:13:20  01/04/2026 04:13:20
         ports: 22/TCP
         name: <b>x</b>\\x1b[31m

Top ports
   80/TCP 2 |##################################################################
   22/TCP 1 |#################################
   23/TCP 1 |#################################
  111/UDP 1 |#################################

TCP/UDP
  TCP 4  80.0% |###############################################################
  UDP 1  20.0% |################

Blocked vs detected
  Detections acted on (history lines): 5 (TCP 4, UDP 1)
  Each history line is a host 1.2 found past SCAN_TRIGGER, not already in the
  blocked file, whose response did not fail. It reads "Blocked" whatever
  BLOCK_TCP/BLOCK_UDP were when it was written: with 0 the host was only
  detected, with 2 only KILL_RUN_CMD ran. The history does not record which.
  This config now: BLOCK_TCP=1 (block: KILL_ROUTE, KILL_HOSTS_DENY and
  KILL_RUN_CMD run), BLOCK_UDP=0 (detect only, no response).
  Not in the history, so not counted: hits below SCAN_TRIGGER, hosts in the
  ignore file, hits from hosts already blocked, and failed responses (syslog has
  those).

Lines: 9 read, 5 in 1.2's history format, 0 before the period
Not read: 4 lines (1 PortSentry 2.x's format, 1 binary, 1 torn at the end of a
  file, 1 in another format); the first: DIR/portsentry.history.1 line 2:
  "Dec  1 10:00:00 host sshd[123]: Failed password for root"
Out of order: 1 line earlier than a line before them (counted); the first:
  DIR/portsentry.history line 4
`;

describe('collectReport over a history and its rotated generations', () => {
  it('reads FILE.2.gz, FILE.1 and FILE oldest first and renders the report for an 80-column terminal', async () => {
    const r = await report();
    expect(renderText(r, 80)).toBe(TEXT);
  });

  it('scales the bars to the terminal, from 60 to 120 columns, and wraps its prose there', async () => {
    const r = await report();
    for (const [columns, width] of [
      [20, 60],
      [100, 100],
      [500, 120],
    ] as const) {
      const lines = renderText(r, columns).split('\n');
      const bars = lines.filter((l) => l.includes('|#'));
      expect(bars.length).toBe(10);
      for (const l of bars) expect(l.length).toBeLessThanOrEqual(width);
      expect(Math.max(...bars.map((l) => l.length))).toBeGreaterThan(width - 5);
      for (const l of lines.filter((x) => x.startsWith('  Each history line')))
        expect(l.length).toBeLessThanOrEqual(width);
    }
  });

  it('gives the figures --json prints: sources with first and last seen and ports, ports, days, what it could not read', async () => {
    const r = await report();
    expect(r.sources).toEqual({
      distinct: 3,
      exact: true,
      kept: 10000,
      top: [
        {
          address: '127.0.0.2',
          name: '127.0.0.2',
          count: 3,
          countError: 0,
          first: { epoch: 1767340800, when: '01/02/2026 08:00:00' },
          last: { epoch: 1767600000, when: '01/05/2026 08:00:00' },
          ports: ['23/TCP', '80/TCP'],
          morePorts: false,
        },
        {
          address: '127.0.0.3',
          name: 'scanner.example',
          count: 1,
          countError: 0,
          first: { epoch: 1767344400, when: '01/02/2026 09:00:00' },
          last: { epoch: 1767344400, when: '01/02/2026 09:00:00' },
          ports: ['111/UDP'],
          morePorts: false,
        },
        {
          address: '127.0.0.5',
          name: '<b>x</b>\x1b[31m',
          count: 1,
          countError: 0,
          first: { epoch: 1767500000, when: '01/04/2026 04:13:20' },
          last: { epoch: 1767500000, when: '01/04/2026 04:13:20' },
          ports: ['22/TCP'],
          morePorts: false,
        },
      ],
    });
    expect(r.ports).toEqual({
      distinct: 4,
      top: [
        { proto: 'TCP', port: 80, count: 2 },
        { proto: 'TCP', port: 22, count: 1 },
        { proto: 'TCP', port: 23, count: 1 },
        { proto: 'UDP', port: 111, count: 1 },
      ],
    });
    expect(r.days).toEqual([
      { date: '2026-01-02', tcp: 1, udp: 1 },
      { date: '2026-01-03', tcp: 1, udp: 0 },
      { date: '2026-01-04', tcp: 1, udp: 0 },
      { date: '2026-01-05', tcp: 1, udp: 0 },
    ]);
    expect(r.lines).toEqual({
      read: 9,
      history: 5,
      beforePeriod: 0,
      unreadable: {
        count: 4,
        first: {
          file: 'DIR/portsentry.history.1',
          line: 2,
          text: 'Dec  1 10:00:00 host sshd[123]: Failed password for root',
        },
        byReason: { 'portsentry-2': 1, binary: 1, 'too-long': 0, torn: 1, other: 1 },
      },
      outOfOrder: { count: 1, first: { file: 'DIR/portsentry.history', line: 4 } },
    });
    expect(r.files.map((f) => [f.path, f.compressed, f.lines, f.error])).toEqual([
      ['DIR/portsentry.history.2.gz', true, 2, null],
      ['DIR/portsentry.history.1', false, 3, null],
      ['DIR/portsentry.history', false, 4, null],
    ]);
    expect(r.blockingNow).toEqual({ BLOCK_TCP: 1, BLOCK_UDP: 0 });
  });

  it('with --since counts only the lines of the period, and the others as before it', async () => {
    const r = await report({ text: '2d', ms: 2 * 86_400_000 });
    expect(r.since).toEqual({ text: '2d', fromEpoch: 1767484800 });
    expect([r.blocks.total, r.blocks.tcp, r.blocks.udp, r.lines.beforePeriod]).toEqual([2, 2, 0, 3]);
    expect(r.sources.top.map((s) => [s.address, s.count])).toEqual([
      ['127.0.0.2', 1],
      ['127.0.0.5', 1],
    ]);
  });

  it('with --top 1 lists one source and one port', async () => {
    const r = await report(null, 1);
    expect([r.sources.top.map((s) => s.address), r.ports.top.map((p) => p.port)]).toEqual([['127.0.0.2'], [80]]);
  });

  it('reads on past a damaged .gz, saying where it stopped', async () => {
    const gz = gzipSync(Buffer.from(OLDEST.repeat(50), 'latin1'));
    writeFileSync(`${fx.history}.2.gz`, gz.subarray(0, gz.length - 20));
    const r = await report();
    expect([r.files[0]!.error, r.files[0]!.lines < 100]).toEqual(['unexpected end of file', true]);
    expect(r.files.slice(1).map((f) => [f.lines, f.error])).toEqual([
      [3, null],
      [4, null],
    ]);
  });

  it('fails naming the history file when neither it nor a generation exists', async () => {
    rmSync(`${fx.history}.2.gz`);
    rmSync(`${fx.history}.1`);
    rmSync(fx.history);
    await expect(report()).rejects.toThrow(
      'DIR/portsentry.history: no history file (HISTORY_FILE of DIR/portsentry.conf), and no generation of it (DIR/portsentry.history.1, DIR/portsentry.history.2.gz ...)'.replaceAll(
        'DIR',
        fx.dir,
      ),
    );
  });

  it('fails naming the file and what it found when a generation is not a regular file', async () => {
    rmSync(`${fx.history}.1`);
    execFileSync('mkfifo', [`${fx.history}.1`]);
    await expect(report()).rejects.toThrow(
      `${fx.history}.1: cannot read the history file: expected a regular file, found a FIFO`,
    );
  });

  it('fails naming the config when it has no HISTORY_FILE, or cannot be read', async () => {
    writeFileSync(fx.config, 'BLOCKED_FILE="/x"\n');
    await expect(report()).rejects.toThrow(`${fx.config}: expected a HISTORY_FILE="FILE" line, found none`);
    writeFileSync(fx.config, 'HISTORY_FILE=/x\n');
    await expect(report()).rejects.toThrow(
      `${fx.config}:1: expected HISTORY_FILE="FILE", found a HISTORY_FILE line without quotes (1.2 skips it and refuses to start)`,
    );
    rmSync(fx.config);
    await expect(report()).rejects.toThrow(`${fx.config}: cannot read the config file (ENOENT)`);
  });
});
