import { chmodSync, mkdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Mode } from '../config/settings.js';
import { replaceFile } from '../system/replace-file.js';
import { RUN_DIR, type DaemonState } from './state.js';

/** /run/portsentry/status-MODE.json: one file per mode (a second daemon of a mode adds -PID) */
export const stateFileName = (mode: Mode, pid?: number): string =>
  pid === undefined ? `status-${mode}.json` : `status-${mode}-${pid}.json`;

/**
 * Writes a daemon's state under /run/portsentry, atomically (a temporary file renamed over the
 * old one), mode 0644, owned by the daemon's user (root). Never throws: a failure (read-only or
 * missing /run) is only counted, since nothing may reach 1.2's outputs.
 */
export class StateFile {
  readonly path: string;

  constructor(
    mode: Mode,
    /** the file of the same mode belongs to a daemon still running: this one writes status-MODE-PID.json */
    taken: boolean,
    private readonly dir = RUN_DIR,
    pid = process.pid,
  ) {
    this.path = join(dir, stateFileName(mode, taken ? pid : undefined));
  }

  /** true when written */
  write(state: DaemonState): boolean {
    try {
      // the daemon runs with umask 077 (as 1.2): the folder it makes is opened to readers as its files are
      if (mkdirSync(this.dir, { recursive: true }) !== undefined) chmodSync(this.dir, 0o755);
      replaceFile(this.path, `${JSON.stringify(state, null, 2)}\n`, 'utf8', 0o644);
      return true;
    } catch {
      return false;
    }
  }

  /** on the way out: the state goes with the daemon */
  remove(): void {
    try {
      unlinkSync(this.path);
    } catch {
      /* never written, or already gone */
    }
  }
}
