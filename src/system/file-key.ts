import { native } from './native.js';

/**
 * What stat(2) says of a file, as the caches of the hit path compare it: one string from the addon
 * (fileKey), its kind first, then device, inode, size, mtime and ctime. Two keys are equal when the
 * file is the same one with the same size and times: the ignore and blocked files are read again
 * only when their key changed (an edit by hand shows in the size or the change time). Node's
 * statSync({ bigint: true }) gives the same facts as a BigIntStats of fourteen BigInts and four
 * Dates, and each hit stats up to four times (BENCHMARKS.md, issue 13).
 */
export type FileKey = string;

const asKey = (k: string | number): FileKey | null => (typeof k === 'string' ? k : null);

/** stat(2): the key, or null when the path cannot be stat()ed (missing, unreadable directory, NUL in it) */
export const statKey = (path: string): FileKey | null => asKey(native().fileKey(path));

/** fstat(2) of an open descriptor: the key, or null */
export const fstatKey = (fd: number): FileKey | null => asKey(native().fileKey(fd));

export const isRegularFile = (key: FileKey): boolean => key.charCodeAt(0) === 0x66; // 'f'
export const isDirectoryKey = (key: FileKey): boolean => key.charCodeAt(0) === 0x64; // 'd'
export const isFifoKey = (key: FileKey): boolean => key.charCodeAt(0) === 0x70; // 'p'

/** the file's size in bytes (the third field) */
export const keySize = (key: FileKey): number => {
  const afterDev = key.indexOf(':') + 1;
  const afterIno = key.indexOf(':', afterDev) + 1;
  return Number(key.slice(afterIno, key.indexOf(':', afterIno)));
};
