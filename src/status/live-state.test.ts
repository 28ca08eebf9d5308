import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Settings } from '../config/settings.js';
import { Engine, type Hit } from '../engine/detection.js';
import { DaemonCounters } from './counters.js';
import { LiveState, processStartOf } from './live-state.js';

const dir = mkdtempSync(join(tmpdir(), 'ps-live-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

writeFileSync(join(dir, 'ignore'), '127.0.0.1\n');
writeFileSync(join(dir, 'blocked.stcp'), '');
const SETTINGS: Settings = {
  mode: 'stcp',
  configPath: join(dir, 'portsentry.conf'),
  blockTcp: 0,
  blockUdp: 0,
  resolveHost: 0,
  triggerCount: 0,
  killRoute: '',
  killHostsDeny: '',
  killRunCmd: '',
  runCmdFirst: 0,
  blockedFile: join(dir, 'blocked.stcp'),
  historyFile: join(dir, 'history'),
  ignoreFile: join(dir, 'ignore'),
  extensions: { ipv6: false, killRoute6: '', crowdsec: null },
};

const hit = (target: string, port: number): Hit => ({
  target,
  proto: 'TCP',
  port,
  kind: 'stealth',
  scanType: 'TCP SYN/Normal scan',
});

describe("a daemon's live state", () => {
  it("counts what the engine did with each hit and keeps what the detector reported, in the state's shape", async () => {
    const engine = new Engine(SETTINGS, () => undefined);
    let clock = Date.parse('2026-12-01T22:00:00.000Z');
    const now = () => new Date((clock += 1000));
    const counters = new DaemonCounters(now);
    engine.observe(counters);
    const live = new LiveState(SETTINGS, counters, '/tmp/x-stcp.prom', now, process.pid);
    const queue = { length: 0, dropped: 0 };
    live.watching({ kind: 'list', ports: [1, 79] }, [22]);
    live.queue(queue);
    live.table('portsentry_stcp');
    const before = live.version;
    await engine.handle(hit('127.0.0.1', 1));
    await engine.handle(hit('127.0.0.2', 1));
    await engine.handle(hit('127.0.0.2', 79));
    queue.length = 3;
    queue.dropped = 7;
    expect(live.version).not.toBe(before);
    expect(live.snapshot()).toEqual({
      format: 1,
      mode: 'stcp',
      protocol: 'tcp',
      pid: process.pid,
      processStart: processStartOf(process.pid),
      startedAt: '2026-12-01T22:00:01.000Z',
      configFile: join(dir, 'portsentry.conf'),
      watched: { kind: 'list', ports: [1, 79] },
      inUse: [22],
      counts: { hits: 3, ignored: 1, triggered: 2, alreadyBlocked: 1, blocked: 1, responseFailures: 0, dropped: 7 },
      queueDepth: 3,
      lastDetection: { at: '2026-12-01T22:00:03.000Z', host: '127.0.0.2', port: 79 },
      stealthTable: 'portsentry_stcp',
      updatedAt: '2026-12-01T22:00:04.000Z',
      stateWriteFailures: 0,
      metricsFile: '/tmp/x-stcp.prom',
      metricsWriteFailures: 0,
    });
  });

  it('reads no start time for a process that does not exist', () => {
    expect(processStartOf(0x3fffffff)).toBe('');
  });
});
