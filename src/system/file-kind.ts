import type { Stats } from 'node:fs';

/** What a stat() found, as an error message says it: "a FIFO", "a character device"... */
export const fileKind = (s: Stats): string => {
  if (s.isFile()) return 'a regular file';
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a FIFO';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isSocket()) return 'a socket';
  if (s.isSymbolicLink()) return 'a symbolic link';
  return 'something that is not a file';
};
