/** attacker-controlled text (a reverse-DNS name, junk lines) made printable: other bytes as \xHH */
export const printable = (text: string): string =>
  text.replace(/[^\x20-\x7e]|\\/g, (c) =>
    c === '\\' ? '\\\\' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
