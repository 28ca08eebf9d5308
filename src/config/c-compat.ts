/**
 * The few C library behaviours 1.2's config handling depends on, reproduced byte for byte.
 * Inputs are latin1 strings: one JS character per file byte.
 */

/** isprint() in the C locale (1.2 never calls setlocale): 0x20 to 0x7e. */
export const isPrint = (ch: string): boolean => {
  const c = ch.charCodeAt(0);
  return c >= 0x20 && c <= 0x7e;
};

/** isspace() in the C locale. */
export const isSpace = (ch: string): boolean => ch === ' ' || (ch >= '\t' && ch <= '\r');

export const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';

/**
 * atoi() as glibc implements it: (int) strtol(s, NULL, 10). Leading white space, an optional sign,
 * then digits; strtol saturates at the 64-bit limits and the cast keeps the low 32 bits.
 */
export const atoi = (s: string): number => {
  let i = 0;
  while (i < s.length && isSpace(s[i]!)) i++;
  let negative = false;
  if (s[i] === '+' || s[i] === '-') {
    negative = s[i] === '-';
    i++;
  }
  let value = 0n;
  const limit = negative ? 1n << 63n : (1n << 63n) - 1n;
  let saturated = false;
  for (; i < s.length && isDigit(s[i]); i++) {
    if (saturated) continue;
    value = value * 10n + BigInt(s.charCodeAt(i) - 48);
    if (value > limit) {
      value = limit;
      saturated = true;
    }
  }
  const long = negative ? -value : value;
  return Number(BigInt.asIntN(32, long));
};

/** The C string held in a buffer: everything before the first NUL byte. */
export const cString = (s: string): string => {
  const nul = s.indexOf('\0');
  return nul === -1 ? s : s.slice(0, nul);
};

/**
 * fgets(buffer, 1024, file) over a whole file: the pieces 1.2 sees, each at most 1023 bytes and
 * ending after a newline when one comes first. A longer line arrives as several pieces.
 */
interface FgetsChunk {
  /** the raw bytes fgets stored (latin1), NULs included */
  raw: string;
  /** 1-based line number of the file line this piece belongs to */
  line: number;
  /** 1-based column where this piece starts within its line */
  column: number;
}

export const FGETS_MAX = 1023;

export function* fgetsChunks(content: string): Generator<FgetsChunk> {
  let pos = 0;
  let line = 1;
  let column = 1;
  while (pos < content.length) {
    // look for the newline within this piece only: indexOf over the rest of a long line, for each
    // of its pieces, would make a 10 MB line quadratic
    const limit = Math.min(content.length, pos + FGETS_MAX);
    const nl = content.slice(pos, limit).indexOf('\n');
    const end = nl === -1 ? limit : pos + nl + 1;
    const raw = content.slice(pos, end);
    yield { raw, line, column };
    if (raw.endsWith('\n')) {
      line++;
      column = 1;
    } else {
      column += raw.length;
    }
    pos = end;
  }
}

/** strtok(s, ",") over the whole string: the non-empty pieces between commas. */
export const strtokCommas = (s: string): string[] => s.split(',').filter((piece) => piece.length > 0);
