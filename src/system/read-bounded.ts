import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { errnoText } from './errno-text.js';
import { fileKind } from './file-kind.js';

/** How much of a file a caller is prepared to hold. */
interface Bounds {
  /** at most this many bytes */
  maxBytes: number;
  /** at most this many lines (a last line without a newline counts); no limit when absent */
  maxLines?: number;
  /**
   * past a bound: 'refuse' (the tools: an error naming the bound) or 'cut' (the daemon: the text up
   * to the bound, and `cut` says which bound it stopped at)
   */
  excess: 'refuse' | 'cut';
}

type BoundedRead =
  | { ok: true; content: string; cut: null | 'bytes' | 'lines' }
  | {
      ok: false;
      /** open: the open(2) failed (code is its errno); kind: not a regular file; bytes, lines: past a bound */
      problem: 'open' | 'kind' | 'bytes' | 'lines';
      /** the errno code of a failed open */
      code?: string;
      /** what was found when it is not a regular file: "a FIFO", "a directory"... */
      found?: string;
      /** the reason without the path: "expected a regular file, found a FIFO" */
      why: string;
      /** the reason with the path first: "/dev/zero: expected a regular file, found a character device" */
      message: string;
    };

/** Thrown by readBoundedText(); the message names the path, the expectation and what was found. */
export class BoundedReadError extends Error {
  constructor(readonly result: Extract<BoundedRead, { ok: false }>) {
    super(result.message);
  }
}

// O_NONBLOCK: opening a FIFO for reading returns at once (with or without a writer) instead of
// waiting for one, and a device that would wait in open() cannot either. It changes nothing for a
// regular file. O_NOCTTY: a terminal given as a path never becomes our controlling terminal.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

const CHUNK = 64 * 1024;

const failure = (
  path: string,
  problem: 'open' | 'kind' | 'bytes' | 'lines',
  why: string,
  extra: { code?: string; found?: string } = {},
) => ({ ok: false as const, problem, why, message: `${path}: ${why}`, ...extra });

/**
 * Reads a regular file, holding at most `maxBytes` (+1 to tell "larger") and `maxLines`. The
 * opened descriptor is checked with fstat(), not the path, so a file swapped between a check and
 * the open cannot get past it; anything but a regular file is closed unread.
 */
export const readBounded = (path: string, bounds: Bounds): BoundedRead => {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    return {
      ...failure(path, 'open', `cannot open it: ${errnoText(code)}`, { code }),
      message: `cannot open ${path}: ${errnoText(code)}`,
    };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      const found = fileKind(st);
      return failure(path, 'kind', `expected a regular file, found ${found}`, { found });
    }
    const { maxBytes, maxLines } = bounds;
    const chunks: Buffer[] = [];
    let total = 0;
    let lines = 0;
    let cut: null | 'bytes' | 'lines' = null;
    reading: for (;;) {
      const want = Math.min(CHUNK, maxBytes + 1 - total);
      if (want <= 0) {
        cut = 'bytes';
        break;
      }
      const buf = Buffer.allocUnsafe(want);
      const n = readSync(fd, buf, 0, want, null);
      if (n === 0) break;
      let piece = buf.subarray(0, n);
      if (maxLines !== undefined) {
        for (let at = piece.indexOf(10); at !== -1; at = piece.indexOf(10, at + 1)) {
          lines++;
          // the maxLines-th newline ends what may be held; one more byte is one line too many
          if (lines === maxLines && (at + 1 < piece.length || readSync(fd, Buffer.alloc(1), 0, 1, null) > 0)) {
            piece = piece.subarray(0, at + 1);
            chunks.push(piece);
            total += piece.length;
            cut = 'lines';
            break reading;
          }
        }
      }
      chunks.push(piece);
      total += piece.length;
    }
    if (cut === 'bytes') {
      // the one byte past the bound was read only to know the file is larger: never hand it over
      const all = Buffer.concat(chunks).subarray(0, maxBytes);
      chunks.length = 0;
      chunks.push(all);
    }
    if (cut !== null && bounds.excess === 'refuse') {
      return cut === 'bytes'
        ? failure(
            path,
            'bytes',
            `expected a regular file of at most ${maxBytes} bytes, found one larger than ${maxBytes} bytes`,
          )
        : failure(
            path,
            'lines',
            `expected a regular file of at most ${maxLines} lines, found one longer than ${maxLines} lines`,
          );
    }
    return { ok: true, content: Buffer.concat(chunks).toString('latin1'), cut };
  } finally {
    closeSync(fd);
  }
};

/** readBounded() for the tools: the text (latin1), or a BoundedReadError; always refuses past a bound. */
export const readBoundedText = (path: string, bounds: Omit<Bounds, 'excess'>): string => {
  const r = readBounded(path, { ...bounds, excess: 'refuse' });
  if (!r.ok) throw new BoundedReadError(r);
  return r.content;
};
