import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { putInPlace, writeTemp } from '../system/replace-file.js';
import { RenderError } from './errors.js';

const code = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

/**
 * Writes a rendered file: mode 0755 for scripts, 0644 otherwise, whatever the umask. The text goes to
 * a temporary file in the same folder first (fsynced); without `force` it is then linked to its name,
 * which fails if the name exists, so an existing file is never overwritten, even by a race; with
 * `force` it is renamed over the old file in one step. The folder is fsynced after (replace-file.ts).
 */
export const writeRendered = (path: string, text: string, executable: boolean, force: boolean): number => {
  const mode = executable ? 0o755 : 0o644;
  let existing: ReturnType<typeof statSync> | undefined;
  try {
    existing = statSync(path);
  } catch {
    existing = undefined;
  }
  if (existing?.isDirectory()) throw new RenderError(`--out ${path}: expected a file name, found a directory`);
  if (existing && !force) throw new RenderError(`--out ${path}: the file exists; give --force to overwrite it`);
  let tmp: string;
  try {
    tmp = writeTemp(path, Buffer.from(text, 'utf8'), mode);
  } catch (err) {
    throw new RenderError(`--out ${path}: cannot write in ${dirname(path)} (${code(err)})`);
  }
  try {
    putInPlace(tmp, path, !force);
  } catch (err) {
    const c = code(err);
    throw new RenderError(
      c === 'EEXIST'
        ? `--out ${path}: the file exists; give --force to overwrite it`
        : `--out ${path}: cannot write (${c})`,
    );
  }
  return mode;
};
