import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout } from '../../test-support/fuzz.js';
import { exposition } from './exposition.js';
import { readStateFile } from './find-daemons.js';
import { renderStatus } from './status-report.js';
import type { DaemonState } from './state.js';

const dir = mkdtempSync(join(tmpdir(), 'ps-state-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GOOD: DaemonState = {
  format: 1,
  mode: 'atcp',
  protocol: 'tcp',
  pid: 4242,
  processStart: '1',
  startedAt: '2026-12-01T22:00:00.000Z',
  configFile: '/etc/portsentry/portsentry.conf',
  watched: { kind: 'below', limit: 1024, except: [22] },
  inUse: [22],
  counts: { hits: 1, ignored: 0, triggered: 1, alreadyBlocked: 0, blocked: 1, responseFailures: 0, dropped: 0 },
  queueDepth: 0,
  lastDetection: { at: '2026-12-01T22:00:01.000Z', host: '127.0.0.2', port: 1 },
  stealthTable: 'portsentry_atcp',
  updatedAt: '2026-12-01T22:00:02.000Z',
  stateWriteFailures: 0,
  metricsFile: null,
  metricsWriteFailures: 0,
};

/** a good state with one field (or one count, or one field of the last detection) replaced by any JSON value */
const mutated = fc
  .tuple(fc.constantFrom(...Object.keys(GOOD), 'counts.hits', 'lastDetection.at', 'watched.except'), fc.jsonValue())
  .map(([key, value]) => {
    const s = structuredClone(GOOD) as unknown as Record<string, Record<string, unknown>>;
    const [outer, inner] = key.split('.') as [string, string | undefined];
    if (inner === undefined) (s as Record<string, unknown>)[outer] = value;
    else s[outer]![inner] = value;
    return JSON.stringify(s);
  });

const bytes = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1'));

/** what status does with a file: read it, then show it as text and as metrics */
const show = (text: string): string => {
  const path = join(dir, 'status-atcp.json');
  writeFileSync(path, text, 'latin1');
  const read = readStateFile(path);
  if (typeof read === 'string') return read;
  const report = { ...read, stateFile: path, running: true, stealthTableCheck: null };
  return renderStatus({ daemons: [report], unreadable: [] }) + exposition([read]);
};

describe('a state file status reads', () => {
  it(
    'is shown or named as unreadable with why, whatever it holds, and never throws',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            mutated,
            fc.jsonValue().map((v) => JSON.stringify(v)),
            bytes,
          ),
          (text) => {
            expect(typeof show(text)).toBe('string');
          },
        ),
        fuzzParams<[string]>([['{"format":1,"mode":"tcp","pid":5,"counts":{}}']]),
      );
    },
    fuzzTimeout(),
  );
});
