import { closeSync, constants, openSync, statSync, writeSync } from 'node:fs';

/**
 * O_NONBLOCK: open(2) never waits. fopen(path, "a") on a FIFO without a reader waits until one
 * appears, and a synchronous wait in Node holds the main thread, so not even the SIGTERM handler
 * runs. With O_NONBLOCK that open fails with ENXIO instead, and we wait on a timer. It changes
 * nothing for a regular file. O_NOCTTY: a terminal named as the file never becomes ours.
 */
const APPEND_FLAGS =
  constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK | constants.O_NOCTTY;
const TRUNCATE_FLAGS =
  constants.O_WRONLY | constants.O_TRUNC | constants.O_CREAT | constants.O_NONBLOCK | constants.O_NOCTTY;

/** How often a FIFO without a reader (or with a full pipe) is tried again. */
const FIFO_RETRY_MS = 200;
/**
 * Lines waiting for a FIFO's reader, per file; the next ones are refused (as a file that cannot be
 * opened). 1.2 waits in fopen() for ever and detects nothing meanwhile; we keep detecting, so what
 * waits must be bounded.
 */
const MAX_WAITING_LINES = 1024;

type Attempt = { done: true; ok: boolean } | { done: false; rest: Buffer };

/**
 * Told about a line we append, on the descriptor it is written through: `before` right before the
 * write, `after` once the whole line is written (not when the write failed). The blocked file's
 * index (engine/blocked-check.ts) uses it to add our own line without reading the file back.
 */
export interface AppendWatch {
  before(fd: number): void;
  after(fd: number, data: Buffer): void;
}

const isFifo = (file: string): boolean => {
  try {
    return statSync(file).isFIFO();
  } catch {
    return false;
  }
};

/**
 * One try: open without waiting, then write what is left. A line shorter than PIPE_BUF (4096) goes
 * into a pipe whole or not at all, so lines from two daemons never mix.
 */
const attempt = (file: string, data: Buffer, watch?: AppendWatch): Attempt => {
  let fd: number;
  try {
    fd = openSync(file, APPEND_FLAGS, 0o666);
  } catch (err) {
    // ENXIO: a FIFO with no reader yet (a socket gives ENXIO too, and fails at once as in 1.2)
    if ((err as NodeJS.ErrnoException).code === 'ENXIO' && isFifo(file)) return { done: false, rest: data };
    return { done: true, ok: false };
  }
  try {
    watch?.before(fd);
    let off = 0;
    while (off < data.length) {
      try {
        off += writeSync(fd, data, off, data.length - off);
      } catch (err) {
        // EAGAIN: a pipe whose reader is not reading; the rest waits
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') return { done: false, rest: data.subarray(off) };
        return { done: true, ok: false };
      }
    }
    watch?.after(fd, data);
    return { done: true, ok: true };
  } finally {
    closeSync(fd);
  }
};

/** per file: the lines waiting for a reader, written in order */
const waiting = new Map<string, { lines: { data: Buffer; done: (ok: boolean) => void }[] }>();

const retry = (file: string): void => {
  const queue = waiting.get(file)!;
  const timer = setTimeout(() => {
    while (queue.lines.length > 0) {
      const head = queue.lines[0]!;
      const r = attempt(file, head.data);
      if (!r.done) {
        head.data = r.rest;
        retry(file);
        return;
      }
      queue.lines.shift();
      head.done(r.ok);
    }
    waiting.delete(file);
  }, FIFO_RETRY_MS);
  // waiting for a reader never keeps a process alive by itself
  timer.unref();
};

/**
 * Appends one whole line with a single write(2) on an O_APPEND descriptor, so that the TCP and UDP
 * daemons writing the same history file never interleave bytes of two lines. The result is known
 * at once (true, or false when the file cannot be opened or written) except for a FIFO that has no
 * reader or a full pipe: then a promise, settled when the line is written, and the line waits
 * (with those before it) without holding the main thread, as 1.2 waits in fopen().
 */
export const appendLine = (file: string, line: string, watch?: AppendWatch): boolean | Promise<boolean> => {
  const data = Buffer.from(line, 'latin1');
  const queue = waiting.get(file);
  if (queue !== undefined) {
    if (queue.lines.length >= MAX_WAITING_LINES) return false;
    return new Promise((done) => queue.lines.push({ data, done }));
  }
  // (a line that waits for a FIFO's reader is written later without the watch: a FIFO is never indexed)
  const r = attempt(file, data, watch);
  if (r.done) return r.ok;
  return new Promise((done) => {
    waiting.set(file, { lines: [{ data: r.rest, done }] });
    retry(file);
  });
};

/** How many lines wait for a reader of `file` (for tests and the status of a daemon). */
export const linesWaiting = (file: string): number => waiting.get(file)?.lines.length ?? 0;

/**
 * fopen(path, "w") and fclose(), without waiting: a regular file is emptied (or created with the
 * umask); a FIFO with no reader fails at once (ENXIO) where 1.2 would wait in fopen().
 */
export const truncateFile = (file: string): boolean => {
  try {
    closeSync(openSync(file, TRUNCATE_FLAGS, 0o666));
    return true;
  } catch {
    return false;
  }
};
