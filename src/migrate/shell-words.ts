/**
 * Splits one shell command line into simple commands joined by operators, for recognising the
 * KILL_ROUTE forms. Handles the quoting those lines use ('...', "...", backslash) and the
 * operators &&, ||, |, ;. Anything else shell-like ($(...), backquotes, redirections) is reported
 * so that the line is left alone rather than guessed at.
 */
export type ShellPiece = { kind: 'command'; words: string[] } | { kind: 'operator'; op: '&&' | '||' | '|' | ';' };

type ShellParse = { ok: true; pieces: ShellPiece[] } | { ok: false; why: string };

export const splitShellLine = (line: string): ShellParse => {
  const pieces: ShellPiece[] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (op: '&&' | '||' | '|' | ';') => {
    endWord();
    if (words.length === 0) return false;
    pieces.push({ kind: 'command', words }, { kind: 'operator', op });
    words = [];
    return true;
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) return { ok: false, why: `an unterminated ' quote at column ${i + 1}` };
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (ch === '"') {
      // 1.2's value cannot contain a double quote (it ends the value), so this is rare.
      const end = line.indexOf('"', i + 1);
      if (end === -1) return { ok: false, why: `an unterminated " quote at column ${i + 1}` };
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (ch === '\\') {
      if (i + 1 < line.length) word += line[++i];
      inWord = true;
    } else if (ch === ' ' || ch === '\t') {
      endWord();
    } else if (ch === '&' || ch === '|' || ch === ';') {
      const two = line.slice(i, i + 2);
      const op = two === '&&' || two === '||' ? two : ch === '&' ? null : ch;
      if (op === null) return { ok: false, why: `a background '&' at column ${i + 1}` };
      if (!endCommand(op)) return { ok: false, why: `'${op}' without a command before it at column ${i + 1}` };
      if (op.length === 2) i++;
    } else if (ch === '`' || (ch === '$' && line[i + 1] === '(')) {
      return { ok: false, why: `a command substitution at column ${i + 1}` };
    } else if (ch === '<' || ch === '>') {
      return { ok: false, why: `a redirection at column ${i + 1}` };
    } else {
      word += ch;
      inWord = true;
    }
  }
  endWord();
  if (words.length === 0) {
    if (pieces.length === 0) return { ok: false, why: 'an empty command' };
    return { ok: false, why: `nothing after the last '${(pieces.at(-1) as { op: string }).op}'` };
  }
  pieces.push({ kind: 'command', words });
  return { ok: true, pieces };
};
