import { parseIpv6 } from './ipv6-address.js';

/**
 * The IPv6 entries of an ignore file (ENABLE_IPV6="1" only): a line whose first word has a ':'
 * before any '/' is an IPv6 line. It protects IPv6 hosts only, and is never read as an IPv4 entry
 * (1.2's reading would turn it into INADDR_NONE). Its word is an address in any RFC 4291 form,
 * optionally followed by "/prefix" (decimal, 0 to 128; none means 128). No zone id ("%eth0"), no
 * brackets, nothing else in the word; what follows white space or '#' is a comment.
 */
export type Ipv6Entry =
  | { kind: 'ok'; address: Uint8Array; bits: number; text: string }
  /** the prefix length is not 0 to 128: the line is skipped with 1.2's "Invalid netmask" line */
  | { kind: 'bad-prefix'; text: string; prefix: string }
  /** the address carries a zone id: skipped */
  | { kind: 'zone'; text: string; zone: string }
  /** not an IPv6 address: skipped */
  | { kind: 'bad-address'; text: string; address: string };

/** the first word of an ignore line (up to white space, '#' or the end) */
const firstWord = (text: string): string => {
  let end = 0;
  while (end < text.length) {
    const ch = text[end]!;
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n' || ch === '\v' || ch === '\f' || ch === '#') break;
    end++;
  }
  return text.slice(0, end);
};

/** true when the ignore line `text` (a C string, its newline included) is an IPv6 line */
export const isIpv6Line = (text: string): boolean => {
  const word = firstWord(text);
  const slash = word.indexOf('/');
  return (slash === -1 ? word : word.slice(0, slash)).includes(':');
};

const PREFIX = /^(0|[1-9][0-9]{0,2})$/;

/** The IPv6 entry of an ignore line, or null when it is not an IPv6 line (isIpv6Line). */
export const readIpv6Entry = (text: string): Ipv6Entry | null => {
  const word = firstWord(text);
  const slash = word.indexOf('/');
  const address = slash === -1 ? word : word.slice(0, slash);
  if (!address.includes(':')) return null;
  const zoneAt = address.indexOf('%');
  if (zoneAt !== -1 && parseIpv6(address.slice(0, zoneAt)) !== null)
    return { kind: 'zone', text: word, zone: address.slice(zoneAt) };
  const bytes = parseIpv6(address);
  if (bytes === null) return { kind: 'bad-address', text: word, address };
  const prefix = slash === -1 ? '128' : word.slice(slash + 1);
  const bits = PREFIX.test(prefix) ? Number(prefix) : -1;
  if (bits < 0 || bits > 128) return { kind: 'bad-prefix', text: word, prefix };
  return { kind: 'ok', address: maskBytes(bytes, bits), bits, text: word };
};

/** the address with the bits past the prefix cleared (a new array) */
const maskBytes = (address: Uint8Array, bits: number): Uint8Array => {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) {
    const keep = Math.max(0, Math.min(8, bits - 8 * i));
    out[i] = address[i]! & ((0xff << (8 - keep)) & 0xff);
  }
  return out;
};

/** does the entry (its address masked already) cover `target` (16 bytes)? */
export const ipv6EntryMatches = (target: Uint8Array, entry: { address: Uint8Array; bits: number }): boolean => {
  const whole = entry.bits >> 3;
  for (let i = 0; i < whole; i++) if (target[i] !== entry.address[i]) return false;
  const rest = entry.bits & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (target[whole]! & mask) === entry.address[whole];
};
