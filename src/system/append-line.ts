import { closeSync, constants, openSync } from 'node:fs';
import { constants as os } from 'node:os';
import { isFifoKey, statKey } from './file-key.js';
import { native } from './native.js';
import type { NowOrLater } from './now-or-later.js';

/**
 * Lines are appended through the addon (openAppend, writeText), a system call each with no fs layer
 * between: the blocked and history files take a line at every block, and Node's openSync, writeSync
 * and closeSync, with the Buffer of the line, cost the daemon several times the system calls
 * themselves (BENCHMARKS.md, issue 13). The descriptor is opened with O_WRONLY, O_APPEND, O_CREAT,
 * O_NONBLOCK, O_NOCTTY and O_CLOEXEC, mode 0666 (less the umask), as openSync opened it.
 *
 * O_NONBLOCK: open(2) never waits. fopen(path, "a") on a FIFO without a reader waits until one
 * appears, and a synchronous wait in Node holds the main thread, so not even the SIGTERM handler
 * runs. With O_NONBLOCK that open fails with ENXIO instead, and we wait on a timer. It changes
 * nothing for a regular file. O_NOCTTY: a terminal named as the file never becomes ours.
 */
const TRUNCATE_FLAGS =
  constants.O_WRONLY | constants.O_TRUNC | constants.O_CREAT | constants.O_NONBLOCK | constants.O_NOCTTY;
const ENXIO = -os.errno.ENXIO;
const EAGAIN = -os.errno.EAGAIN;

/** How often a FIFO without a reader (or with a full pipe) is tried again. */
const FIFO_RETRY_MS = 200;
/**
 * Lines waiting for a FIFO's reader, per file; the next ones are refused (as a file that cannot be
 * opened). 1.2 waits in fopen() for ever and detects nothing meanwhile; we keep detecting, so what
 * waits must be bounded.
 */
const MAX_WAITING_LINES = 1024;

type Attempt = { done: true; ok: boolean } | { done: false; rest: string };

/**
 * Told about a line we append, on the descriptor it is written through: `before` right before the
 * write, `after` once the whole line is written (not when the write failed). The blocked file's
 * index (engine/blocked-check.ts) uses it to add our own line without reading the file back.
 */
export interface AppendWatch {
  before(fd: number): void;
  /** `text`: the line, one character a byte as it was written */
  after(fd: number, text: string): void;
}

const isFifo = (file: string): boolean => {
  const key = statKey(file);
  return key !== null && isFifoKey(key);
};

/** the text as its latin1 bytes read back: itself unless a character is past U+00FF (kept to its low byte) */
const asWritten = (line: string): string =>
  // eslint-disable-next-line no-control-regex
  /[^\u0000-\u00ff]/.test(line) ? Buffer.from(line, 'latin1').toString('latin1') : line;

/**
 * One try: open without waiting, then write what is left. A line shorter than PIPE_BUF (4096) goes
 * into a pipe whole or not at all, so lines from two daemons never mix.
 */
const attempt = (file: string, text: string, watch?: AppendWatch): Attempt => {
  const addon = native();
  const fd = addon.openAppend(file);
  // ENXIO: a FIFO with no reader yet (a socket gives ENXIO too, and fails at once as in 1.2)
  if (fd < 0) return fd === ENXIO && isFifo(file) ? { done: false, rest: text } : { done: true, ok: false };
  try {
    watch?.before(fd);
    let off = 0;
    while (off < text.length) {
      const n = addon.writeText(fd, off === 0 ? text : text.slice(off));
      // EAGAIN (or nothing taken): a pipe whose reader is not reading; the rest waits
      if (n === EAGAIN || n === 0) return { done: false, rest: text.slice(off) };
      if (n < 0) return { done: true, ok: false };
      off += n;
    }
    // the bytes written are the characters' low bytes (writeText), which the watch is told
    watch?.after(fd, asWritten(text));
    return { done: true, ok: true };
  } finally {
    addon.closeFd(fd);
  }
};

/** per file: the lines waiting for a reader, written in order */
const waiting = new Map<string, { lines: { text: string; done: (ok: boolean) => void }[] }>();

const retry = (file: string): void => {
  const queue = waiting.get(file)!;
  const timer = setTimeout(() => {
    while (queue.lines.length > 0) {
      const head = queue.lines[0]!;
      const r = attempt(file, head.text);
      if (!r.done) {
        head.text = r.rest;
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
export const appendLine = (file: string, text: string, watch?: AppendWatch): NowOrLater<boolean> => {
  const queue = waiting.get(file);
  if (queue !== undefined) {
    if (queue.lines.length >= MAX_WAITING_LINES) return false;
    return new Promise((done) => queue.lines.push({ text, done }));
  }
  // (a line that waits for a FIFO's reader is written later without the watch: a FIFO is never indexed)
  const r = attempt(file, text, watch);
  if (r.done) return r.ok;
  return new Promise((done) => {
    waiting.set(file, { lines: [{ text: r.rest, done }] });
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
