import { RenderError } from './errors.js';

/** Characters a POSIX shell never treats specially in a word (as Python's shlex.quote decides). */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * The `shq` template helper: a value as one shell word. Safe words are left as they are; anything
 * else is put in single quotes, each ' becoming '\'' (close, escaped quote, reopen). The empty string
 * becomes ''. Lists are not accepted: templates quote each element with {{#each}}.
 */
export const shellQuote = (value: unknown, where = 'shq'): string => {
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value !== 'string') {
    throw new RenderError(
      `${where}: expected a string to quote, found ${value === undefined ? 'no value' : Array.isArray(value) ? 'a list' : typeof value}`,
    );
  }
  if (value === '') return "''";
  if (SAFE_WORD.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
};
