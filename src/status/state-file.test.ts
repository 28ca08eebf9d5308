import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { metricsPath, removeMetrics, writeMetrics } from './metrics-file.js';
import { StateFile, stateFileName } from './state-file.js';
import type { DaemonState } from './state.js';

const STATE = {
  format: 1,
  mode: 'udp',
  protocol: 'udp',
  pid: 7,
  processStart: '1',
  startedAt: '2026-12-01T22:00:00.000Z',
  configFile: '/etc/portsentry/portsentry.conf',
  watched: { kind: 'list', ports: [7] },
  inUse: [],
  counts: { hits: 1, ignored: 0, triggered: 1, alreadyBlocked: 0, blocked: 1, responseFailures: 0, dropped: 0 },
  queueDepth: 0,
  lastDetection: null,
  stealthTable: null,
  updatedAt: '2026-12-01T22:00:01.000Z',
  stateWriteFailures: 0,
  metricsFile: null,
  metricsWriteFailures: 0,
} satisfies DaemonState;

describe('the state file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ps-state-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is named after the mode, or the mode and pid when another live daemon has the name', () => {
    expect([stateFileName('stcp'), stateFileName('stcp', 12)]).toEqual(['status-stcp.json', 'status-stcp-12.json']);
    expect(new StateFile('stcp', true, dir, 12).path).toBe(join(dir, 'status-stcp-12.json'));
  });

  it('is written whole, mode 0644, in a folder it makes (0755 whatever the umask), with no temporary file left, and removed', () => {
    const run = join(dir, 'run', 'portsentry');
    const file = new StateFile('udp', false, run);
    const umask = process.umask(0o077);
    try {
      expect(file.write(STATE)).toBe(true);
    } finally {
      process.umask(umask);
    }
    expect(file.write(STATE)).toBe(true);
    expect(file.write({ ...STATE, queueDepth: 1 })).toBe(true);
    expect(JSON.parse(readFileSync(file.path, 'utf8'))).toEqual({ ...STATE, queueDepth: 1 });
    expect((statSync(file.path).mode & 0o7777).toString(8)).toBe('644');
    expect((statSync(run).mode & 0o7777).toString(8)).toBe('755');
    expect(readdirSync(run)).toEqual(['status-udp.json']);
    file.remove();
    file.remove();
    expect(readdirSync(run)).toEqual([]);
  });

  it('says false, without throwing, where it cannot be written', () => {
    writeFileSync(join(dir, 'a-file'), '');
    expect(new StateFile('udp', false, join(dir, 'a-file', 'portsentry')).write(STATE)).toBe(false);
  });
});

describe('the metrics file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ps-metrics-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is METRICS_FILE with the mode before .prom, or run --metrics-file's exact path", () => {
    const file = '/var/lib/prometheus/node-exporter/portsentry.prom';
    expect(metricsPath({ file, exact: false, intervalSeconds: 15 }, 'sudp')).toBe(
      '/var/lib/prometheus/node-exporter/portsentry-sudp.prom',
    );
    expect(metricsPath({ file, exact: true, intervalSeconds: 15 }, 'sudp')).toBe(file);
  });

  it('is replaced whole, mode 0644, with no temporary file beside it, and removed', () => {
    const path = join(dir, 'portsentry-udp.prom');
    expect(writeMetrics(path, STATE)).toBe(true);
    expect(writeMetrics(path, { ...STATE, counts: { ...STATE.counts, hits: 2 } })).toBe(true);
    expect(readFileSync(path, 'utf8')).toContain('\nportsentry_hits_total{mode="udp",protocol="udp"} 2\n');
    expect((statSync(path).mode & 0o7777).toString(8)).toBe('644');
    expect(readdirSync(dir)).toEqual(['portsentry-udp.prom']);
    removeMetrics(path);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('says false, without throwing, in a folder that does not exist', () => {
    expect(writeMetrics(join(dir, 'absent', 'p.prom'), STATE)).toBe(false);
  });
});
