import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaceFile } from '../system/replace-file.js';
import type { QueueState } from './alert-queue.js';

/** where each daemon (one per mode) says how its push is doing, for `portsentry crowdsec status` */
export const DEFAULT_STATE_DIR = '/run/portsentry';

export const stateFileName = (mode: string): string => `crowdsec-${mode}.json`;

/** what the daemon writes: its queue's state, and which API and machine it pushes to (never the password) */
export interface DaemonState extends QueueState {
  mode: string;
  pid: number;
  url: string;
  machine: string;
  updated: string;
}

/**
 * Writes the state file at most every `intervalMs` (and once more at exit), whole each time
 * (replaceFile: a reader sees the old state or the new one), mode 0644. A failure to write is not
 * the push's business: the status just shows an older state.
 */
export class StateWriter {
  private timer: NodeJS.Timeout | null = null;
  private latest: DaemonState | null = null;
  private readonly exitHandler = () => this.flush();

  constructor(
    readonly path: string,
    private readonly intervalMs = 500,
  ) {
    process.on('exit', this.exitHandler);
  }

  update(state: DaemonState): void {
    this.latest = state;
    if (this.timer !== null) return;
    this.timer = setTimeout(() => this.flush(), this.intervalMs);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const state = this.latest;
    if (state === null) return;
    this.latest = null;
    try {
      mkdirSync(join(this.path, '..'), { recursive: true, mode: 0o755 });
      replaceFile(this.path, `${JSON.stringify(state, null, 2)}\n`, 'utf8', 0o644);
    } catch {
      /* see the class comment */
    }
  }

  stop(): void {
    this.flush();
    process.off('exit', this.exitHandler);
  }
}

/** the state a daemon wrote, or null when there is none (the daemon is not running with CrowdSec on) */
export const readDaemonState = (path: string): DaemonState | null => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    return JSON.parse(text) as DaemonState;
  } catch {
    throw new Error(`${path}: expected the JSON the daemon writes, found ${JSON.stringify(text.slice(0, 80))}`);
  }
};
