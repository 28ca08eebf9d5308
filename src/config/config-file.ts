import { cString, fgetsChunks, isPrint, FGETS_MAX } from './c-compat.js';
import { readBounded } from '../system/read-bounded.js';

/**
 * A config file as 1.2 sees it. 1.2 fopen()s the file anew for every option it reads; we read it
 * once per phase (start-up in the invoking process, mode set-up in the daemon), which is the same
 * unless the file is edited during those milliseconds.
 */
export interface ConfigFile {
  path: string;
  /** file bytes as latin1, or null when fopen(path, "r") would fail */
  content: string | null;
  /**
   * why it could not be opened: the errno code ("ENOENT"), or why it was refused ("expected a
   * regular file, found a FIFO", "expected a regular file of at most 1048576 bytes, ...")
   */
  openError?: string;
  /** true when the text did not come from `path` (a built-in default) */
  fromText?: boolean;
}

/**
 * Debian's portsentry.conf is 12 KB; a config larger than 1 MiB is not a config (1.2 would re-read
 * every byte of it for each of its ~30 options). Refused, like a file that cannot be opened.
 */
export const CONFIG_MAX_BYTES = 1024 * 1024;

/**
 * The config, read once with a bound. 1.2 fopen()s whatever the path names: a FIFO blocks it in
 * fopen(), /dev/zero makes fgets() read forever. We refuse anything but a regular file or a
 * directory (without waiting in open()), and a file past CONFIG_MAX_BYTES, as if fopen() failed.
 */
export const loadConfigFile = (path: string): ConfigFile => {
  const r = readBounded(path, { maxBytes: CONFIG_MAX_BYTES, excess: 'refuse' });
  if (r.ok) return { path, content: r.content };
  // fopen() of a directory succeeds and the first fgets() fails: 1.2 sees an empty file.
  if (r.found === 'a directory') return { path, content: '' };
  return { path, content: null, openError: r.code ?? r.why };
};

export const configFromString = (path: string, content: string): ConfigFile => ({ path, content, fromText: true });

export type Lookup =
  | { kind: 'found'; value: string; line: number; column: number; stoppedBy: StopReason }
  | { kind: 'no-quotes'; line: number; column: number }
  | { kind: 'absent' }
  | { kind: 'unreadable' };

/** what ended a value: its closing quote, or an unprintable byte 1.2 cuts it at */
export type StopReason = 'quote' | 'end-of-line' | 'tab' | 'carriage-return' | 'other-byte' | 'end-of-piece' | 'length';

const stopReason = (ch: string | undefined): StopReason => {
  if (ch === undefined || ch === '\0') return 'end-of-piece';
  if (ch === '"') return 'quote';
  if (ch === '\n') return 'end-of-line';
  if (ch === '\t') return 'tab';
  if (ch === '\r') return 'carriage-return';
  return 'other-byte';
};

/** True when a piece of the file is a line for `token` as 1.2 decides it. */
export const pieceMatchesToken = (raw: string, token: string): boolean => {
  const text = cString(raw);
  if (text.startsWith('#')) return false;
  if (!text.includes(token)) return false;
  // 1.2 checks the byte at strlen(token) from the start of the line, not after the match.
  const after = raw[token.length];
  return after === '=' || after === ' ';
};

/**
 * ConfigTokenRetrieve(): the first piece (not starting with '#') that contains the token and has
 * '=' or ' ' right after strlen(token) bytes wins. Its value starts after the first '"' of the
 * line and ends at the next '"' or at the first unprintable byte. A winning line without any quote
 * stops the search: the option is skipped even if a later line is correct.
 */
export const lookupToken = (file: ConfigFile, token: string): Lookup => {
  if (file.content === null) return { kind: 'unreadable' };
  for (const piece of fgetsChunks(file.content)) {
    if (!pieceMatchesToken(piece.raw, token)) continue;
    const text = cString(piece.raw);
    const quote = text.indexOf('"');
    if (quote === -1) return { kind: 'no-quotes', line: piece.line, column: piece.column };
    const rest = text.slice(quote + 1);
    let end = 0;
    while (end < FGETS_MAX && end < rest.length && isPrint(rest[end]!) && rest[end] !== '"') end++;
    return {
      kind: 'found',
      value: rest.slice(0, end),
      line: piece.line,
      column: piece.column + quote + 1,
      stoppedBy: end >= FGETS_MAX ? 'length' : stopReason(rest[end]),
    };
  }
  return { kind: 'absent' };
};
