import { errnoTextOr } from './errno-text.js';

/** "PATH: CODE (why)" for a failed file operation, e.g. "/etc/portsentry/portsentry.conf: EROFS (read-only file system)". */
export const describeFsError = (path: string, err: unknown): string => {
  const e = err as NodeJS.ErrnoException;
  const code = e.code ?? '';
  return `${path}: ${code ? `${code} (${errnoTextOr(code, e.message)})` : e.message}`;
};
