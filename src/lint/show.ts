/**
 * Text from the input as it may appear in a message: printable ASCII kept, every other byte as
 * \xNN, at most `max` characters, so nothing in a file can write control sequences to a terminal.
 */
export const show = (s: string, max = 80): string => {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    out += c >= 0x20 && c <= 0x7e ? ch : `\\x${c.toString(16).toUpperCase().padStart(2, '0')}`;
    if (out.length >= max) return `${out.slice(0, max)}...`;
  }
  return out;
};
