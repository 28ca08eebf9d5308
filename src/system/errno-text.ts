/**
 * The errno codes a file operation or a program start reports, in words. Every message that says
 * why a file could not be opened, read, written or run takes its words from here.
 */
const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a component of the path is not a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'file name too long',
  ENXIO: 'no such device or address',
  EISDIR: 'is a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
};

/** An errno code in words, or `otherwise` when the code is not one of ours. */
export const errnoTextOr = (code: string, otherwise: string): string => ERRNO_TEXT[code] ?? otherwise;

/** An errno code in words ("no such file or directory"); unknown codes are returned as they are. */
export const errnoText = (code: string): string => errnoTextOr(code, code);
