/** MAXBUF: 1.2's buffers hold 1023 bytes and a NUL. */
const MAXBUF = 1024;

type Substitution = { count: number; text: string } | { error: 'too-long' } | { error: 'overflow' };

/**
 * SubstString(): replaces every occurrence of `find` in `text` by `replace`. Returns the count (0
 * leaves the text as it was), or 'too-long' where 1.2 refuses (text + replace + find longer than
 * 1024 bytes). Where 1.2 would write past its 1024-byte buffer, we refuse with 'overflow' instead.
 */
export const substString = (replace: string, find: string, text: string): Substitution => {
  if (!text.includes(find)) return { count: 0, text };
  if (text.length + replace.length + find.length > MAXBUF) return { error: 'too-long' };
  const pieces = text.split(find);
  const out = pieces.join(replace);
  if (out.length >= MAXBUF) return { error: 'overflow' };
  return { count: pieces.length - 1, text: out };
};

/**
 * CleanIpAddr(): keeps the leading run of digits and dots of an address, at most 15 characters,
 * 3 dots and 3 digits per octet. Addresses come from inet_ntoa, so this changes nothing in
 * practice; it is the only cleaning a value from the network gets before reaching a shell.
 */
export const cleanIpAddr = (dirty: string): string => {
  let out = '';
  let dots = 0;
  let digits = 0;
  for (let i = 0; i < 15 && i < dirty.length; i++) {
    const ch = dirty[i]!;
    if (ch >= '0' && ch <= '9') {
      if (++digits > 3) break;
    } else if (ch === '.') {
      if (++dots > 3) break;
      digits = 0;
    } else break;
    out += ch;
  }
  return out;
};

/**
 * ENABLE_IPV6: the cleaning an IPv6 target gets before reaching a shell, in the spirit of
 * CleanIpAddr(): its leading run of hexadecimal digits and ':' only, at most 39 characters (the
 * longest RFC 5952 text without a dotted tail; an IPv4-mapped target is written, and cleaned, as
 * the IPv4 address). Targets are canonical already, so this changes nothing in practice.
 */
export const cleanIpv6Addr = (dirty: string): string => {
  let out = '';
  for (let i = 0; i < 39 && i < dirty.length; i++) {
    const ch = dirty[i]!;
    if ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F') || ch === ':') out += ch;
    else break;
  }
  return out;
};
