import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isMode } from '../config/settings.js';
import { readBoundedText } from '../system/read-bounded.js';
import { processStartOf } from './live-state.js';
import { RUN_DIR, type DaemonState } from './state.js';

/** a state file is a few kilobytes; an advanced mode's port list at most a few hundred more */
const STATE_MAX_BYTES = 1024 * 1024;

type FoundDaemon =
  /** `running`: its pid is alive and is the same process (same start time) */
  | { kind: 'state'; path: string; state: DaemonState; running: boolean }
  | { kind: 'unreadable'; path: string; reason: string };

const STATE_NAME = /^status-[a-z]+(-\d+)?\.json$/;

const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isCounts = (v: unknown[]): boolean => v.every(isCount);
const isTime = (v: unknown): boolean => typeof v === 'string' && !Number.isNaN(Date.parse(v));

const isPortSet = (v: unknown): boolean => {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  if (p.kind === 'all') return true;
  if (p.kind === 'list') return Array.isArray(p.ports) && isCounts(p.ports);
  return p.kind === 'below' && isCount(p.limit) && Array.isArray(p.except) && isCounts(p.except);
};

const COUNT_NAMES = ['hits', 'ignored', 'triggered', 'alreadyBlocked', 'blocked', 'responseFailures', 'dropped'];

/** every field status and the metrics show, with its type: the reason a file is not a state, or null */
const notAState = (v: unknown): string | null => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'expected a JSON object';
  const s = v as Record<string, unknown>;
  const found = (key: string): string => `found ${JSON.stringify(s[key]) ?? 'nothing'}`;
  if (s.format !== 1) return `expected "format": 1, ${found('format')}`;
  if (typeof s.mode !== 'string' || !isMode(s.mode)) return `expected a mode, ${found('mode')}`;
  if (s.protocol !== 'tcp' && s.protocol !== 'udp') return `expected "protocol" tcp or udp, ${found('protocol')}`;
  if (!isCount(s.pid) || s.pid === 0) return `expected a pid, ${found('pid')}`;
  for (const key of ['startedAt', 'updatedAt'])
    if (!isTime(s[key])) return `expected "${key}" as an ISO 8601 time, ${found(key)}`;
  for (const key of ['processStart', 'configFile'])
    if (typeof s[key] !== 'string') return `expected "${key}" as a string, ${found(key)}`;
  if (s.watched !== null && !isPortSet(s.watched))
    return `expected "watched" as a port set or null, ${found('watched')}`;
  if (!Array.isArray(s.inUse) || !isCounts(s.inUse)) return `expected "inUse" as a list of ports, ${found('inUse')}`;
  const counts = s.counts as Record<string, unknown> | null;
  if (typeof counts !== 'object' || counts === null || !isCounts(COUNT_NAMES.map((k) => counts[k])))
    return `expected "counts" with ${COUNT_NAMES.join(', ')}, ${found('counts')}`;
  for (const key of ['queueDepth', 'stateWriteFailures', 'metricsWriteFailures'])
    if (!isCount(s[key])) return `expected "${key}" as a count, ${found(key)}`;
  const last = s.lastDetection as Record<string, unknown> | null;
  if (
    last !== null &&
    (typeof last !== 'object' || !isTime(last.at) || typeof last.host !== 'string' || !isCount(last.port))
  )
    return `expected "lastDetection" with at, host and port, or null, ${found('lastDetection')}`;
  for (const key of ['stealthTable', 'metricsFile'])
    if (s[key] !== null && typeof s[key] !== 'string') return `expected "${key}" as a string or null, ${found(key)}`;
  return null;
};

/** true when `pid` is alive and started when the state says (not a later process given the same pid) */
export const isSameProcess = (state: DaemonState): boolean => {
  const start = processStartOf(state.pid);
  return start !== '' && start === state.processStart;
};

/** one state file, or why it is not one */
export const readStateFile = (path: string): DaemonState | string => {
  let state: unknown;
  try {
    state = JSON.parse(readBoundedText(path, { maxBytes: STATE_MAX_BYTES }));
  } catch (err) {
    return `${path}: ${(err as Error).message}`;
  }
  const why = notAState(state);
  return why === null ? (state as DaemonState) : `${path}: ${why}`;
};

/**
 * Every daemon's state file in `dir` (sorted by name), read and checked: what `portsentry status`
 * and nothing else reads. An empty list when the directory does not exist.
 */
export const findDaemons = (dir = RUN_DIR): FoundDaemon[] => {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => STATE_NAME.test(n));
  } catch {
    return [];
  }
  return names.sort().map((name): FoundDaemon => {
    const path = join(dir, name);
    const read = readStateFile(path);
    return typeof read === 'string'
      ? { kind: 'unreadable', path, reason: read }
      : { kind: 'state', path, state: read, running: isSameProcess(read) };
  });
};
