import { putInPlace, writeTemp } from '../system/replace-file.js';
import { describeFsError } from '../system/describe-fs-error.js';

/**
 * Writes the HTML page: to a temporary file beside it, then renamed over the old page in one step
 * (a browser or a web server reading it sees the old page or the new one), mode 0644.
 */
export const writePage = (path: string, html: string): void => {
  let temp: string;
  try {
    temp = writeTemp(path, Buffer.from(html, 'utf8'), 0o644);
    putInPlace(temp, path);
  } catch (err) {
    throw new Error(`--html ${describeFsError(path, err)}`);
  }
};
