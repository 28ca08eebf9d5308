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

/** the fields status relies on, with their types; the reason a file is not a state, or null */
const notAState = (v: unknown): string | null => {
  if (typeof v !== 'object' || v === null) return 'expected a JSON object';
  const s = v as Record<string, unknown>;
  if (s.format !== 1) return `expected "format": 1, found ${JSON.stringify(s.format)}`;
  if (typeof s.mode !== 'string' || !isMode(s.mode)) return `expected a mode, found ${JSON.stringify(s.mode)}`;
  if (typeof s.pid !== 'number' || !Number.isInteger(s.pid) || s.pid <= 0)
    return `expected a pid, found ${JSON.stringify(s.pid)}`;
  if (typeof s.counts !== 'object' || s.counts === null) return 'expected "counts"';
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
