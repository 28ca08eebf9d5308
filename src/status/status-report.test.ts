import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processStartOf } from './live-state.js';
import { anyRunning, collectStatus, renderStatus, type DaemonReport, type StatusReport } from './status-report.js';
import type { DaemonState } from './state.js';

const STCP: DaemonState = {
  format: 1,
  mode: 'stcp',
  protocol: 'tcp',
  pid: 4242,
  processStart: '1234567',
  startedAt: '2026-12-01T22:00:00.250Z',
  configFile: '/etc/portsentry/portsentry.conf',
  watched: { kind: 'list', ports: [1, 11, 79, 80, 81] },
  inUse: [22],
  counts: { hits: 12, ignored: 1, triggered: 11, alreadyBlocked: 8, blocked: 2, responseFailures: 1, dropped: 3 },
  queueDepth: 2,
  lastDetection: { at: '2026-12-01T22:10:05.900Z', host: '127.0.0.2', port: 79 },
  stealthTable: 'portsentry_stcp',
  updatedAt: '2026-12-01T22:10:06.000Z',
  stateWriteFailures: 0,
  metricsFile: '/var/lib/prometheus/node-exporter/portsentry-stcp.prom',
  metricsWriteFailures: 0,
};

const report = (over: Partial<DaemonReport>): DaemonReport => ({
  ...STCP,
  stateFile: '/run/portsentry/status-stcp.json',
  running: true,
  stealthTableCheck: 'in place',
  ...over,
});

describe('the status text', () => {
  it('shows one block per daemon, a blank line between them', () => {
    const r: StatusReport = {
      daemons: [
        report({}),
        report({
          mode: 'tcp',
          pid: 99,
          stateFile: '/run/portsentry/status-tcp.json',
          stealthTable: null,
          stealthTableCheck: null,
          lastDetection: null,
          watched: { kind: 'list', ports: [1] },
          inUse: [],
          metricsFile: null,
          stateWriteFailures: 2,
        }),
      ],
      unreadable: [],
    };
    expect(renderStatus(r)).toBe(
      [
        'portsentry -stcp: running, pid 4242',
        '  started at:         2026-12-01T22:00:00.250Z',
        '  config file:        /etc/portsentry/portsentry.conf',
        '  ports watched:      1, 11, 79-81 (5 ports)',
        '  skipped in use:     22',
        '  hits:               12',
        '  ignored:            1',
        '  triggered:          11',
        '  already blocked:    8',
        '  blocked:            2',
        '  response failures:  1',
        '  dropped (queue):    3',
        '  queue depth:        2',
        '  last detection:     2026-12-01T22:10:05.900Z 127.0.0.2 port 79/tcp',
        '  nft table:          portsentry_stcp in place',
        '  metrics file:       /var/lib/prometheus/node-exporter/portsentry-stcp.prom',
        '  state updated:      2026-12-01T22:10:06.000Z',
        '',
        'portsentry -tcp: running, pid 99',
        '  started at:         2026-12-01T22:00:00.250Z',
        '  config file:        /etc/portsentry/portsentry.conf',
        '  ports watched:      1 (1 port)',
        '  skipped in use:     none',
        '  hits:               12',
        '  ignored:            1',
        '  triggered:          11',
        '  already blocked:    8',
        '  blocked:            2',
        '  response failures:  1',
        '  dropped (queue):    3',
        '  queue depth:        2',
        '  last detection:     none',
        '  metrics file:       none',
        '  write failures:     state 2, metrics 0',
        '  state updated:      2026-12-01T22:10:06.000Z',
        '',
      ].join('\n'),
    );
  });

  it('names a stale state and a stealth daemon tapping "any", and says when no daemon is running', () => {
    const r: StatusReport = {
      daemons: [
        report({
          mode: 'atcp',
          running: false,
          stateFile: '/run/portsentry/status-atcp.json',
          stealthTable: null,
          stealthTableCheck: null,
          watched: { kind: 'below', limit: 1024, except: [22, 111, 112] },
        }),
      ],
      unreadable: [
        { path: '/run/portsentry/status-x.json', reason: '/run/portsentry/status-x.json: expected a JSON object' },
      ],
    };
    expect(anyRunning(r)).toBe(false);
    const lines = renderStatus(r).split('\n');
    expect([lines[0], lines[3], lines[14], ...lines.slice(-4)]).toEqual([
      'portsentry -atcp: not running (pid 4242 is gone; stale state in /run/portsentry/status-atcp.json)',
      '  ports watched:      0-1023 but 22, 111-112 (1021 ports)',
      '  nft table:          none (capturing on "any")',
      '',
      'No portsentry daemon is running (no live state in /run/portsentry).',
      'portsentry status: cannot read /run/portsentry/status-x.json: expected a JSON object',
      '',
    ]);
  });

  it('says so when there is no state at all', () => {
    expect(renderStatus({ daemons: [], unreadable: [] })).toBe(
      'No portsentry daemon is running (no live state in /run/portsentry).\n',
    );
  });
});

describe('collecting the states', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ps-status-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('tells a live daemon from a stale state and a broken file, and checks only a live stealth table', async () => {
    const live = { ...STCP, pid: process.pid, processStart: processStartOf(process.pid) };
    // the same pid, but not the process that wrote the state (the pid was reused)
    const reused = { ...STCP, mode: 'sudp', protocol: 'udp', pid: process.pid, stealthTable: 'portsentry_sudp' };
    writeFileSync(join(dir, 'status-stcp.json'), JSON.stringify(live));
    writeFileSync(join(dir, 'status-sudp.json'), JSON.stringify(reused));
    writeFileSync(join(dir, 'status-tcp.json'), '{"format": 1, "mode": "tcp"');
    writeFileSync(join(dir, 'status-udp.json'), '{"format": 2}');
    writeFileSync(join(dir, 'other.json'), '{}');
    const checked: string[] = [];
    const r = await collectStatus(dir, (t) => {
      checked.push(t);
      return Promise.resolve('missing');
    });
    expect(checked).toEqual(['portsentry_stcp']);
    expect(r.daemons.map((d) => [d.mode, d.running, d.stealthTableCheck, d.stateFile])).toEqual([
      ['stcp', true, 'missing', join(dir, 'status-stcp.json')],
      ['sudp', false, null, join(dir, 'status-sudp.json')],
    ]);
    expect(r.unreadable.map((u) => u.path)).toEqual([join(dir, 'status-tcp.json'), join(dir, 'status-udp.json')]);
    expect(r.unreadable[1]!.reason).toBe(`${join(dir, 'status-udp.json')}: expected "format": 1, found 2`);
    expect(anyRunning(r)).toBe(true);
  });

  it('finds nothing in a folder that does not exist', async () => {
    expect(await collectStatus(join(dir, 'absent'))).toEqual({ daemons: [], unreadable: [] });
  });
});
