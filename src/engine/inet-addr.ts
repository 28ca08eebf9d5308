import { isDigit, isSpace } from '../config/c-compat.js';

/** INADDR_NONE: what inet_addr() returns for text it cannot read. */
export const INADDR_NONE = 0xffffffff;

/** strtoul(s, &end, 0) on a string that starts with a digit: value and characters consumed. */
const strtoulBase0 = (s: string): { value: number; used: number } => {
  let i = 0;
  let base = 10;
  if (s[0] === '0') {
    if ((s[1] === 'x' || s[1] === 'X') && /[0-9a-fA-F]/.test(s[2] ?? '')) {
      base = 16;
      i = 2;
    } else {
      base = 8;
    }
  }
  let value = 0;
  const start = i;
  for (; i < s.length; i++) {
    const d = parseInt(s[i]!, base);
    if (Number.isNaN(d) || d >= base) break;
    value = value * base + d;
    if (value > 0xffffffff) value = Infinity;
  }
  // "0" alone, or "0" followed by a non-octal digit: one character consumed
  return { value, used: i === start && base === 8 ? 1 : i };
};

/**
 * inet_aton() as glibc implements it: "a.b.c.d", "a.b.c", "a.b" or "a", each part decimal, octal
 * (leading 0) or hexadecimal (0x); trailing white space and what follows it are allowed.
 * Returns the address in host order, or null when glibc would reject it.
 */
export const inetAton = (text: string): number | null => {
  const parts: number[] = [];
  let s = text;
  let value = 0;
  for (;;) {
    if (!isDigit(s[0])) return null;
    const { value: v, used } = strtoulBase0(s);
    if (!Number.isFinite(v)) return null;
    value = v;
    s = s.slice(used);
    if (s[0] === '.') {
      if (parts.length > 2 || value > 0xff) return null;
      parts.push(value);
      s = s.slice(1);
    } else break;
  }
  if (s.length > 0 && (s.charCodeAt(0) > 0x7f || !isSpace(s[0]!))) return null;
  const max = [0xffffffff, 0xffffff, 0xffff, 0xff][parts.length]!;
  if (value > max) return null;
  let word = 0;
  parts.forEach((p, i) => {
    word += p * 2 ** (24 - 8 * i);
  });
  return (word + value) >>> 0;
};

/** inet_addr(): like inet_aton, but failure is the all-ones address. */
export const inetAddr = (text: string): number => inetAton(text) ?? INADDR_NONE;

/** inet_ntoa() of a host-order address. */
export const inetNtoa = (addr: number): string => [24, 16, 8, 0].map((shift) => (addr >>> shift) & 0xff).join('.');
