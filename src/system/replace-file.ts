import {
  chownSync,
  closeSync,
  fchmodSync,
  fsyncSync,
  linkSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

const removeQuietly = (path: string): void => {
  try {
    unlinkSync(path);
  } catch {
    /* already gone, or never made */
  }
};

/** Makes a rename or link in `dir` durable: without it a crash can bring back the old name's content. */
const syncDirectory = (dir: string): void => {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } catch (err) {
    // a file system that cannot sync a directory (EINVAL) has nothing more to write
    if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
  } finally {
    closeSync(fd);
  }
};

/**
 * Writes `data` to a new temporary file beside `path` with mode `mode` (whatever the umask), and
 * fsyncs it; returns the temporary file's name. On failure nothing is left behind. A temporary file
 * of the same name (left by a crashed process of the same pid) fails with EEXIST.
 */
export const writeTemp = (path: string, data: Buffer, mode: number): string => {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  let fd: number;
  try {
    fd = openSync(temp, 'wx', mode);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    throw Object.assign(new Error('a temporary file of that name already exists'), { code: 'EEXIST', path: temp });
  }
  try {
    try {
      fchmodSync(fd, mode);
      let off = 0;
      while (off < data.length) off += writeSync(fd, data, off, data.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    removeQuietly(temp);
    throw err;
  }
  return temp;
};

/**
 * Puts a file made by writeTemp() at `path`: renamed over whatever is there, or with `exclusive`
 * linked to the name, which fails with EEXIST when the name exists (so nothing is ever overwritten,
 * even by a race). Then the directory is fsynced. The temporary file is gone afterwards either way.
 */
export const putInPlace = (temp: string, path: string, exclusive = false): void => {
  try {
    if (exclusive) {
      linkSync(temp, path);
      unlinkSync(temp);
    } else {
      renameSync(temp, path);
    }
  } catch (err) {
    removeQuietly(temp);
    throw err;
  }
  syncDirectory(dirname(path));
};

/**
 * Replaces a file's content all at once: the new bytes go to a temporary file in the same
 * directory (same mode and owner as the old file), which is fsynced and then renamed over it, and
 * the directory is fsynced. A reader sees the old file or the new one, never half of each; on any
 * failure before the rename the old file is untouched.
 */
export const replaceFile = (
  path: string,
  content: string | Buffer,
  encoding: BufferEncoding = 'latin1',
  newMode = 0o644,
): void => {
  let mode = newMode;
  let owner: { uid: number; gid: number } | null = null;
  try {
    const st = statSync(path);
    mode = st.mode & 0o7777;
    owner = { uid: st.uid, gid: st.gid };
  } catch {
    /* a new file */
  }
  const data = typeof content === 'string' ? Buffer.from(content, encoding) : content;
  const temp = writeTemp(path, data, mode);
  try {
    if (owner !== null && process.getuid?.() === 0) chownSync(temp, owner.uid, owner.gid);
  } catch (err) {
    removeQuietly(temp);
    throw err;
  }
  putInPlace(temp, path);
};
