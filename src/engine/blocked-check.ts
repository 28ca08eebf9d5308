import { readFileSync } from 'node:fs';
import { cString, fgetsChunks, isDigit } from '../config/c-compat.js';

/**
 * IsBlocked(): a host counts as blocked when, on some line of the blocked file, the first place its
 * address appears is followed by digits and dots that spell exactly that address. So 1.2.3.4 is
 * "already blocked" when the file holds 11.2.3.4, as in 1.2. Returns null when the file cannot be
 * opened (1.2 then says it "will create" it).
 */
export const isBlocked = (target: string, blockedFile: string): boolean | null => {
  let content: string;
  try {
    content = readFileSync(blockedFile, 'latin1');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EISDIR') return false;
    return null;
  }
  // a line can only match where the address appears: most hits are new hosts, and the file grows
  if (!content.includes(target)) return false;
  const temp: string[] = new Array(1024).fill('\0');
  for (const piece of fgetsChunks(content)) {
    const text = cString(piece.raw);
    const at = text.indexOf(target);
    if (at === -1) continue;
    const rest = text.slice(at);
    for (let i = 0; i < rest.length; i++) {
      if (isDigit(rest[i]) || rest[i] === '.') temp[i] = rest[i]!;
      else {
        temp[i] = '\0';
        break;
      }
    }
    if (cString(temp.join('')) === target) return true;
  }
  return false;
};
