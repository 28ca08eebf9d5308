/**
 * IPv6 addresses in the one text form every output uses (RFC 5952: lower case, no leading zeros,
 * the longest run of two or more zero groups as "::", the first such run on a tie, no zone id),
 * with IPv4-mapped addresses (::ffff:a.b.c.d) written as the IPv4 address they carry. Hand-written
 * because Node has no bytes-to-text conversion for addresses, and its URL/net parsers accept zone
 * ids and other forms an ignore file must not.
 */

/** true for ::ffff:0:0/96, the IPv4-mapped addresses */
export const isMappedIpv4 = (b: Uint8Array, at = 0): boolean => {
  for (let i = 0; i < 10; i++) if (b[at + i] !== 0) return false;
  return b[at + 10] === 0xff && b[at + 11] === 0xff;
};

/** The RFC 5952 text of the 16 bytes at b[at]; an IPv4-mapped address as its dotted quad. */
export const ipv6Text = (b: Uint8Array, at = 0): string => {
  if (isMappedIpv4(b, at)) return `${b[at + 12]}.${b[at + 13]}.${b[at + 14]}.${b[at + 15]}`;
  // the longest run of zero groups (two or more), the first one on a tie
  let bestStart = -1;
  let bestLength = 1;
  let runStart = -1;
  for (let g = 0; g <= 8; g++) {
    const zero = g < 8 && b[at + 2 * g] === 0 && b[at + 2 * g + 1] === 0;
    if (zero) {
      if (runStart < 0) runStart = g;
    } else if (runStart >= 0) {
      if (g - runStart > bestLength) {
        bestStart = runStart;
        bestLength = g - runStart;
      }
      runStart = -1;
    }
  }
  let text = '';
  for (let g = 0; g < 8; g++) {
    if (g === bestStart) {
      text += '::';
      g += bestLength - 1;
      continue;
    }
    if (text.length > 0 && !text.endsWith(':')) text += ':';
    text += ((b[at + 2 * g]! << 8) | b[at + 2 * g + 1]!).toString(16);
  }
  return text;
};

const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;
const DOTTED = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;

/** The groups of one side of "::", each as 2 bytes; a dotted quad allowed as the last piece. */
const groupsOf = (side: string, lastMayBeDotted: boolean): number[] | null => {
  if (side === '') return [];
  const pieces = side.split(':');
  const bytes: number[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    if (lastMayBeDotted && i === pieces.length - 1 && DOTTED.test(piece)) {
      bytes.push(...piece.split('.').map(Number));
    } else if (HEX_GROUP.test(piece)) {
      const v = parseInt(piece, 16);
      bytes.push(v >> 8, v & 0xff);
    } else {
      return null;
    }
  }
  return bytes;
};

/**
 * The 16 bytes of an IPv6 address in text (any RFC 4291 form: "::" once, an IPv4 tail), or null.
 * A zone id ("%eth0"), brackets, a prefix length or white space make it not an address.
 */
export const parseIpv6 = (text: string): Uint8Array | null => {
  if (text.length < 2 || text.length > 45) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const out = new Uint8Array(16);
  if (halves.length === 1) {
    const all = groupsOf(text, true);
    if (all?.length !== 16) return null;
    out.set(all);
    return out;
  }
  const head = groupsOf(halves[0]!, false);
  const tail = groupsOf(halves[1]!, true);
  // "::" stands for at least one zero group
  if (head === null || tail === null || head.length + tail.length > 14) return null;
  out.set(head, 0);
  out.set(tail, 16 - tail.length);
  return out;
};

/** The canonical text of an IPv6 address given as text, or null when it is not one. */
export const canonicalIpv6 = (text: string): string | null => {
  const bytes = parseIpv6(text);
  return bytes === null ? null : ipv6Text(bytes);
};
