/** How a byte is named in a message: "=" , a space, a tab, a carriage return, byte 0xE2, the end of the line. */
export const describeByte = (ch: string | undefined): string => {
  if (ch === undefined || ch === '\0') return 'the end of the line';
  switch (ch) {
    case ' ':
      return 'a space';
    case '\t':
      return 'a tab';
    case '\r':
      return 'a carriage return';
    case '\n':
      return 'the end of the line';
    default: {
      const c = ch.charCodeAt(0);
      return c >= 0x20 && c <= 0x7e ? `"${ch}"` : `byte 0x${c.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
};
