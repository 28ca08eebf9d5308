/**
 * Host addresses for `portsentry blocked`: one canonical text per host, so that the nft sets, the
 * blocked files and hosts.deny compare as text, and a command-line argument checked with a message
 * that says what is wrong with it.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** the longest address text: an IPv6 address ending in a dotted quad (INET6_ADDRSTRLEN - 1) */
const MAX_ADDRESS_LENGTH = 45;

/** The eight 16-bit groups of an IPv6 address without a zone (isIPv6 true), else null. */
const ipv6Groups = (text: string): number[] | null => {
  if (!isIPv6(text) || text.includes('%')) return null;
  const halves = text.split('::');
  const part = (s: string): number[] => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (g.includes('.')) {
        const q = g.split('.').map(Number);
        out.push((q[0]! << 8) | q[1]!, (q[2]! << 8) | q[3]!);
      } else out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = part(halves[0]!);
  if (halves.length === 1) return head;
  const tail = part(halves[1]!);
  return [...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail];
};

/**
 * RFC 5952 text of eight groups: lower-case hex without leading zeros, the longest run of two or
 * more zero groups (the first of equal runs) written "::", and an IPv4-mapped address
 * (::ffff:a.b.c.d) written as the IPv4 address, since it is that host.
 */
const formatIpv6 = (groups: readonly number[]): string => {
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `${groups[6]! >> 8}.${groups[6]! & 0xff}.${groups[7]! >> 8}.${groups[7]! & 0xff}`;
  }
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (gs: readonly number[]): string => gs.map((g) => g.toString(16)).join(':');
  if (bestAt < 0) return hex(groups);
  return `${hex(groups.slice(0, bestAt))}::${hex(groups.slice(bestAt + bestLen))}`;
};

/**
 * The one text of an address: an IPv4 dotted quad as it is, an IPv6 address in RFC 5952 form.
 * Anything else (a line of a file that holds no address) comes back unchanged; never throws.
 */
export const canonicalAddress = (address: string): string => {
  if (isIPv4(address)) return address;
  const groups = ipv6Groups(address);
  return groups === null ? address : formatIpv6(groups);
};

/** an argument as a message shows it: as typed when plain, else JSON-quoted, cut after 60 characters */
const shownArgument = (text: string): string => {
  if (/^[\x21-\x7e]{1,60}$/.test(text)) return text;
  const cut =
    text.length > 60 ? `${JSON.stringify(text.slice(0, 60))}... (${text.length} characters)` : JSON.stringify(text);
  return cut;
};

const EXPECTED = 'expected an IPv4 address (like 192.0.2.7) or an IPv6 address (like 2001:db8::7)';

/** Why `text` is not one address, in words, or null when it is one. */
const whatIsWrong = (text: string): string | null => {
  if (text === '') return `${EXPECTED}, found an empty argument`;
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  const control = /[\x00-\x1f\x7f]/.exec(text);
  if (control !== null) return `${EXPECTED}, found a control character (${JSON.stringify(control[0]).slice(1, -1)})`;
  if (/\s/.test(text)) return `${EXPECTED} without spaces, found ${text.trim() === '' ? 'only spaces' : 'a space'}`;
  if (text.length > MAX_ADDRESS_LENGTH)
    return `${EXPECTED} of at most ${MAX_ADDRESS_LENGTH} characters, found ${text.length} characters`;
  const bracketed = /^\[(.*)\]$/.exec(text);
  if (bracketed !== null) {
    const inner = bracketed[1]!;
    return isIPv6(inner) && !inner.includes('%')
      ? `expected an IPv6 address without brackets (${inner}), found brackets`
      : `${EXPECTED}, found brackets`;
  }
  const zone = /^([^%]*)(%.*)$/.exec(text);
  if (zone !== null) {
    return isIPv6(zone[1]!)
      ? `expected an IPv4 or IPv6 address without a zone (${zone[2]}), found a zone id`
      : `${EXPECTED}, found a "%"`;
  }
  const prefix = /^([^/]*)(\/.*)$/.exec(text);
  if (prefix !== null) {
    return isIPv4(prefix[1]!) || isIPv6(prefix[1]!)
      ? `expected one address, found a prefix length (${prefix[2]}): portsentry blocks single hosts`
      : `${EXPECTED}, found a "/"`;
  }
  if (isIPv4(text) || ipv6Groups(text) !== null) return null;
  return `${EXPECTED}, found neither`;
};

/**
 * Checks an address given on the command line and returns its canonical text; throws an Error
 * whose message names the argument, what was expected and what was found.
 */
export const parseAddress = (text: string): string => {
  const wrong = whatIsWrong(text);
  if (wrong !== null) throw new Error(`${shownArgument(text)}: ${wrong}`);
  return canonicalAddress(text);
};
