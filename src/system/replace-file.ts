import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync, chownSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces a file's content all at once: the new bytes go to a temporary file in the same
 * directory (same mode and owner as the old file), which is then renamed over it. A reader sees
 * the old file or the new one, never half of each; on any failure the old file is untouched.
 */
export const replaceFile = (path: string, content: string | Buffer, encoding: BufferEncoding = 'latin1', newMode = 0o644): void => {
  let mode = newMode;
  let owner: { uid: number; gid: number } | null = null;
  try {
    const st = statSync(path);
    mode = st.mode & 0o7777;
    owner = { uid: st.uid, gid: st.gid };
  } catch {
    /* a new file */
  }
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const data = typeof content === 'string' ? Buffer.from(content, encoding) : content;
  const fd = openSync(temp, 'wx', mode);
  try {
    try {
      fchmodSync(fd, mode);
      let off = 0;
      while (off < data.length) off += writeSync(fd, data, off, data.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (owner !== null && process.getuid?.() === 0) chownSync(temp, owner.uid, owner.gid);
    renameSync(temp, path);
  } catch (err) {
    try {
      unlinkSync(temp);
    } catch {
      /* already gone */
    }
    throw err;
  }
};

/** "PATH: CODE" for a failed file operation, e.g. "/etc/portsentry/portsentry.conf: EROFS (read-only file system)". */
export const describeFsError = (path: string, err: unknown): string => {
  const e = err as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    EROFS: 'read-only file system',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOENT: 'no such file or directory',
    ENOTDIR: 'a path component is not a directory',
    EISDIR: 'is a directory',
    ENOSPC: 'no space left on device',
    EEXIST: 'a temporary file of that name already exists',
  };
  const code = e.code ?? '';
  return `${path}: ${code ? `${code} (${why[code] ?? e.message})` : e.message}`;
};
