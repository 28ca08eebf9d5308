import { closeSync, constants, createReadStream, fstatSync, openSync, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { errnoText } from './errno-text.js';
import { fileKind } from './file-kind.js';

/** A file opened for streaming: its descriptor and size, or why it could not be. */
type OpenedFile =
  | { ok: true; fd: number; size: number }
  | {
      ok: false;
      /** the errno of a failed open(2) */
      code?: string;
      /** without the path: "ENOENT (no such file or directory)", "expected a regular file, found a FIFO" */
      why: string;
    };

// O_NONBLOCK: a FIFO or a device named as the file cannot make open() wait; O_NOCTTY: a terminal
// never becomes the controlling one (as src/system/read-bounded.ts opens files)
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

/** Opens a regular file; anything else (a FIFO, a device, a directory) is closed unread. */
export const openRegular = (path: string): OpenedFile => {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    return { ok: false, code, why: `${code} (${errnoText(code)})` };
  }
  const s = fstatSync(fd);
  if (!s.isFile()) {
    closeSync(fd);
    return { ok: false, why: `expected a regular file, found ${fileKind(s)}` };
  }
  return { ok: true, fd, size: s.size };
};

const CHUNK = 256 * 1024;

/**
 * The bytes of an opened file, in chunks (decompressed through node:zlib when `gunzip`), never more
 * than a few chunks held. `onRead` is told how many bytes of the file itself have been read (for
 * a progress figure against its size). The descriptor is closed at the end, or on an error, which is
 * thrown from the iteration (a damaged gzip stream: zlib's message).
 */
export async function* fileChunks(
  fd: number,
  gunzip: boolean,
  onRead: (bytes: number) => void,
): AsyncGenerator<Buffer> {
  const raw = createReadStream('', { fd, highWaterMark: CHUNK, autoClose: true });
  if (!gunzip) {
    for await (const chunk of raw as AsyncIterable<Buffer>) {
      onRead(chunk.length);
      yield chunk;
    }
    return;
  }
  raw.on('data', (chunk) => onRead(chunk.length));
  const unzip = createGunzip({ chunkSize: CHUNK });
  raw.on('error', (err) => unzip.destroy(err));
  raw.pipe(unzip);
  try {
    yield* unzip as AsyncIterable<Buffer>;
  } finally {
    raw.destroy();
  }
}

/** True when something is at `path` (or stat() fails for another reason than ENOENT/ENOTDIR: opening it will say why). */
export const somethingAt = (path: string): boolean => {
  try {
    return statSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
};
