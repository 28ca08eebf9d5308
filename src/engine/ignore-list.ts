import { readFileSync } from 'node:fs';
import { cString, fgetsChunks, isDigit, atoi } from '../config/c-compat.js';
import { inetAddr } from './inet-addr.js';
import { log } from '../legacy/messages.js';

export type IgnoreVerdict = 'ignored' | 'not-ignored' | 'unreadable';

/** One entry of an ignore file as 1.2 reads it; `address` is the text inet_addr() is given. */
export interface IgnoreEntry {
  line: number;
  raw: string;
  address: string;
  maskText: string;
  bits: number;
  /** false when 1.2 logs "Invalid netmask" and skips the line */
  valid: boolean;
}

/**
 * CompareIPs(): the mask is 0xFFFFFFFF << (32 - bits) on a 32-bit int; x86 uses the shift count
 * modulo 32, so "/0" keeps every bit (it matches one address, not every address).
 */
export const maskFor = (bits: number): number => (0xffffffff << ((32 - bits) & 31)) >>> 0;

export const addressMatches = (target: string, entry: IgnoreEntry): boolean => {
  const m = maskFor(entry.bits);
  return ((inetAddr(entry.address) & m) >>> 0) === ((inetAddr(target) & m) >>> 0);
};

/**
 * NeverBlock()'s reading of an ignore file. Each fgets piece not starting with '#' or '\n' is cut
 * at its first byte that is not a digit, '.', ':' or '/'; the text before '/' is the address and
 * the text after it the mask. The piece's copy is written over the previous one in a buffer that
 * is only terminated when a rejected byte is met, so a last line with no newline inherits the
 * tail of a longer line before it, as in 1.2.
 */
export function* readIgnoreEntries(content: string): Generator<IgnoreEntry> {
  const temp: string[] = new Array(1024).fill('\0');
  for (const piece of fgetsChunks(content)) {
    const raw = piece.raw;
    if (raw[0] === '#' || raw[0] === '\n') continue;
    const text = cString(raw);
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (isDigit(ch) || ch === '.' || ch === ':' || ch === '/') temp[i] = ch;
      else {
        temp[i] = '\0';
        break;
      }
    }
    const copied = cString(temp.join(''));
    const slash = copied.indexOf('/');
    const address = slash === -1 ? copied : copied.slice(0, slash);
    const maskText = slash === -1 ? '32' : copied.slice(slash + 1);
    if (slash !== -1) temp[slash] = '\0';
    const bits = atoi(maskText);
    yield { line: piece.line, raw: text, address, maskText, bits, valid: bits >= 0 && bits <= 32 };
  }
}

/** NeverBlock(): read on every event, so edits to the file take effect at once. */
export const neverBlock = (target: string, ignoreFile: string, emit: (text: string) => void): IgnoreVerdict => {
  let content: string;
  try {
    content = readFileSync(ignoreFile, 'latin1');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EISDIR') return 'not-ignored';
    return 'unreadable';
  }
  for (const entry of readIgnoreEntries(content)) {
    if (!entry.valid) {
      emit(log.invalidNetmask(entry.raw));
      continue;
    }
    if (addressMatches(target, entry)) return 'ignored';
  }
  return 'not-ignored';
};
