import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { readBounded } from '../system/read-bounded.js';
import { alertIdOf, type LapiAlert } from './alert.js';

/** where the daemon keeps the alerts the Local API has not accepted yet, one folder per mode */
export const DEFAULT_SPOOL_DIR = '/var/lib/portsentry/crowdsec-spool';

/** an alert file is small; anything larger was not written by us */
const MAX_ENTRY_BYTES = 64 * 1024;

/** One alert waiting for the Local API, and the name of its file in the spool. */
export interface SpoolEntry {
  id: string;
  /** `<13-digit milliseconds>-<6-digit sequence>-<id>.json`: names sort in the order alerts were queued */
  name: string;
  alert: LapiAlert;
}

const NAME = /^\d{13}-\d{6}-[0-9a-f-]{36}\.json$/;

/**
 * The on-disk spool: every queued alert is a file of its own, written whole (a temporary file,
 * fsynced, renamed into place, the folder fsynced), and removed once the Local API has accepted
 * it. So an alert is either in the spool or accepted: after a stop, a crash or an outage the next
 * start sends exactly what is left. Only the daemon that owns the mode's folder writes to it.
 */
export class Spool {
  private seq = 0;

  constructor(readonly dir: string) {}

  /** the entry (and its file name) for a new alert; nothing is written yet */
  entryFor(alert: LapiAlert, now: number): SpoolEntry {
    const id = alertIdOf(alert) ?? '';
    this.seq = (this.seq + 1) % 1_000_000;
    const name = `${String(now).padStart(13, '0')}-${String(this.seq).padStart(6, '0')}-${id}.json`;
    return { id, name, alert };
  }

  /** the alerts left by the previous run, oldest first, at most `max`; unreadable files are removed and counted */
  loadSync(max: number): { entries: SpoolEntry[]; discarded: number; extra: number } {
    let names: string[];
    try {
      names = readdirSync(this.dir).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], discarded: 0, extra: 0 };
      throw err;
    }
    const entries: SpoolEntry[] = [];
    let discarded = 0;
    let extra = 0;
    for (const name of names) {
      const path = join(this.dir, name);
      if (name.startsWith('.') && name.endsWith('.tmp')) {
        removeSync(path); // a write that never finished: its alert was never counted as spooled
        continue;
      }
      if (!NAME.test(name)) continue;
      if (entries.length >= max) {
        extra++;
        continue;
      }
      const alert = readEntry(path);
      if (alert === null || alertIdOf(alert) === null) {
        removeSync(path);
        discarded++;
        continue;
      }
      entries.push({ id: alertIdOf(alert) ?? '', name, alert });
    }
    return { entries, discarded, extra };
  }

  /** writes the entry's file whole (see the class) */
  async save(entry: SpoolEntry): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const path = join(this.dir, entry.name);
    const temp = join(this.dir, `.${entry.name}.tmp`);
    const fh = await open(temp, 'w', 0o600);
    try {
      await fh.writeFile(JSON.stringify(entry.alert));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(temp, path);
    await syncDir(this.dir);
  }

  /** save() for the exit handler, where nothing asynchronous runs any more */
  saveSync(entry: SpoolEntry): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const path = join(this.dir, entry.name);
    const temp = join(this.dir, `.${entry.name}.tmp`);
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(entry.alert));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
    const dfd = openSync(this.dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  }

  /** the Local API accepted the entry's alert (or refused it for good): its file goes */
  async remove(entry: SpoolEntry): Promise<void> {
    try {
      await unlink(join(this.dir, entry.name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  /** how many alert files the folder holds (for `crowdsec status`) */
  async count(): Promise<number> {
    try {
      return (await readdir(this.dir)).filter((n) => NAME.test(n)).length;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw err;
    }
  }
}

const readEntry = (path: string): LapiAlert | null => {
  const read = readBounded(path, { maxBytes: MAX_ENTRY_BYTES, excess: 'refuse' });
  if (!read.ok) return null;
  try {
    const v = JSON.parse(Buffer.from(read.content, 'latin1').toString('utf8')) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) && 'source' in v && 'events' in v
      ? (v as LapiAlert)
      : null;
  } catch {
    return null;
  }
};

const removeSync = (path: string): void => {
  try {
    unlinkSync(path);
  } catch {
    /* gone already */
  }
};

const syncDir = async (dir: string): Promise<void> => {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
  } finally {
    await fh.close();
  }
};
