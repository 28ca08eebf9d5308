import { cString, fgetsChunks, FGETS_MAX } from '../config/c-compat.js';
import { pieceMatchesToken } from '../config/config-file.js';
import { didYouMean } from './did-you-mean.js';
import type { FindingList } from './finding.js';
import { EXTENSION_KEY_NAMES } from '../config/extension-keys.js';
import { KEY_NAMES } from './keys.js';
import { describeByte } from './text.js';

/** A piece of the file 1.2 reads as a line for `key` (pieceMatchesToken), with where the name is. */
export interface KeyOccurrence {
  key: string;
  line: number;
  /** column of the option name */
  column: number;
}

/**
 * Every fgets piece of a config as the daemon sees it: which options each piece counts for (the
 * same pieceMatchesToken test ConfigTokenRetrieve uses), and why every other line that is not a
 * comment is ignored. Line findings go to `findings`; occurrences come back in file order.
 */
export const scanConfigLines = (file: string, content: string, findings: FindingList): Map<string, KeyOccurrence[]> => {
  const occurrences = new Map<string, KeyOccurrence[]>(KEY_NAMES.map((k) => [k, []]));
  let offset = 0;
  for (const piece of fgetsChunks(content)) {
    const start = offset;
    offset += piece.raw.length;
    const text = cString(piece.raw);
    const matched = KEY_NAMES.filter((k) => pieceMatchesToken(piece.raw, k));

    if (piece.column === 1 && piece.raw.length === FGETS_MAX && !piece.raw.endsWith('\n')) {
      const nl = content.indexOf('\n', start);
      const length = (nl === -1 ? content.length : nl) - start;
      findings.add(
        file,
        { line: piece.line, column: 1 },
        'warning',
        'long-line',
        `line is ${length} bytes long: 1.2 reads lines in pieces of ${FGETS_MAX} bytes and treats each piece as a line of its own`,
        'split the line, or shorten the value',
      );
    }

    for (const key of matched) {
      const at = text.indexOf(key);
      occurrences.get(key)!.push({ key, line: piece.line, column: piece.column + at });
      if (piece.column > 1) {
        findings.add(
          file,
          { line: piece.line, column: piece.column + at },
          'warning',
          'key-in-long-line',
          `1.2 reads ${key} here: byte ${piece.column} of this long line starts a new ${FGETS_MAX}-byte piece, which it reads as a line of its own`,
        );
      } else if (at !== 0) {
        const why = text.replace(/^[ \t]+/, '').startsWith('#')
          ? 'this comment does not start with "#" in the first column, and'
          : 'the name appears in it and';
        findings.add(
          file,
          { line: piece.line, column: at + 1 },
          'warning',
          'key-elsewhere',
          `1.2 also reads this line as ${key}: ${why} byte ${key.length + 1} of the line is ${describeByte(text[key.length])}`,
          `keep option names out of other lines' text`,
        );
      }
    }
    if (matched.length > 0 || piece.column > 1) continue;

    if (text.startsWith('#')) continue;
    const body = text.replace(/\r?\n$/, '');
    if (body.trim() === '') continue;
    const lead = /^[ \t]*/.exec(body)![0];
    const rest = body.slice(lead.length);
    if (rest.startsWith('#')) continue;
    const at = { line: piece.line, column: 1 };
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest)?.[0];
    if (name !== undefined && KEY_NAMES.includes(name)) {
      if (lead.length > 0) {
        findings.add(
          file,
          at,
          'warning',
          'key-leading-space',
          `${name} is hidden by leading whitespace: 1.2 only finds an option at the start of its line, so it ignores this line`,
          `remove the whitespace before ${name}`,
        );
      } else {
        findings.add(
          file,
          { line: piece.line, column: name.length + 1 },
          'warning',
          'key-bad-separator',
          `1.2 ignores this line: ${name} must be followed by "=" or a space, found ${describeByte(rest[name.length])}`,
          `write ${name}="value"`,
        );
      }
      continue;
    }
    // an extension key's line: 1.2 ignores it, and src/lint/extension-rules.ts checks it
    if (name !== undefined && EXTENSION_KEY_NAMES.includes(name)) continue;
    const assignment = /^([A-Za-z_][A-Za-z0-9_ .-]*?)[ \t]*=/.exec(rest);
    if (assignment !== null) {
      const unknown = assignment[1]!;
      const guess = didYouMean(unknown, [...KEY_NAMES, ...EXTENSION_KEY_NAMES]);
      findings.add(
        file,
        { line: piece.line, column: lead.length + 1 },
        'warning',
        'unknown-key',
        `unknown option "${unknown}": 1.2 ignores this line`,
        guess === null ? undefined : `did you mean ${guess}?`,
      );
      continue;
    }
    findings.add(
      file,
      { line: piece.line, column: lead.length + 1 },
      'warning',
      'stray-line',
      '1.2 ignores this line: it is neither a comment nor an option',
      'start comments with "#" in the first column',
    );
  }
  return occurrences;
};
