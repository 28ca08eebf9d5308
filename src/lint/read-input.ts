import type { FindingList } from './finding.js';
import { errnoText } from '../system/errno-text.js';
import { MAX_INPUT_BYTES, MAX_LINE_BYTES, type FileFacts, type LintEnv } from './lint-env.js';

interface Input {
  content: string;
  facts: FileFacts;
  /** NUL bytes or mostly control bytes: not worth reading line by line */
  binary: boolean;
}

const WHAT = {
  config: {
    missing: '1.2 exits with "Cannot open config file"',
    directory: '1.2 reads a directory as an empty file and refuses to start',
  },
  ignore: {
    missing: '1.2 logs "cannot open ignore file. Blocking host anyway." and can block any host',
    directory: '1.2 reads a directory as an empty file: no host is protected',
  },
} as const;

export { errnoText } from '../system/errno-text.js';

/** "a FIFO" from a readFile() error that says what was found instead of a regular file */
const NOT_REGULAR = /^expected a regular file, found (.+)$/;

/** Where the first NUL is, or the share of control bytes when it is too high: null for text. */
const binaryEvidence = (content: string): string | null => {
  const nul = content.indexOf('\0');
  if (nul !== -1) return `a NUL byte at offset ${nul}`;
  const sample = content.slice(0, 65536);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 11) || c === 0x7f) control++;
  }
  return sample.length > 0 && control / sample.length > 0.1
    ? `${control} control bytes in its first ${sample.length}`
    : null;
};

/** The longest line (newline excluded) and its 1-based number. */
const longestLine = (content: string): { line: number; length: number } => {
  let best = { line: 1, length: 0 };
  let start = 0;
  for (let line = 1; start <= content.length; line++) {
    const nl = content.indexOf('\n', start);
    const end = nl === -1 ? content.length : nl;
    if (end - start > best.length) best = { line, length: end - start };
    if (nl === -1) break;
    start = nl + 1;
  }
  return best;
};

/**
 * Opens a config or ignore file for the linter, reporting with the path what keeps it from being
 * read: missing, unreadable, a directory, not a regular file, too large, not text.
 */
export const readInput = (
  path: string,
  what: 'config' | 'ignore',
  env: LintEnv,
  findings: FindingList,
): Input | null => {
  const facts = env.stat(path);
  if ('error' in facts) {
    findings.add(
      path,
      null,
      'error',
      'unreadable-file',
      `cannot open ${path}: ${errnoText(facts.error)}; ${WHAT[what].missing}`,
    );
    return null;
  }
  if (facts.kind === 'directory') {
    findings.add(path, null, 'error', 'unreadable-file', `${path} is a directory; ${WHAT[what].directory}`);
    return null;
  }
  if (facts.kind !== 'file') {
    // readFile() opens without waiting (a FIFO, a device) and says what the descriptor is
    const read = env.readFile(path);
    const found = 'error' in read ? NOT_REGULAR.exec(read.error)?.[1] : undefined;
    findings.add(
      path,
      null,
      'error',
      'unreadable-file',
      `${path}: expected a regular file, found ${found ?? 'a device, socket or FIFO'}; not reading it`,
    );
    return null;
  }
  if (facts.size > MAX_INPUT_BYTES) {
    findings.add(
      path,
      null,
      'error',
      'unreadable-file',
      `${path} is ${facts.size} bytes, more than the ${MAX_INPUT_BYTES} bytes the linter reads; not a ${what} file`,
    );
    return null;
  }
  const read = env.readFile(path);
  if ('error' in read) {
    findings.add(
      path,
      null,
      'error',
      'unreadable-file',
      `cannot read ${path}: ${errnoText(read.error)}; ${WHAT[what].missing}`,
    );
    return null;
  }
  const longest = longestLine(read.content);
  if (longest.length > MAX_LINE_BYTES) {
    findings.add(
      path,
      { line: longest.line, column: 1 },
      'error',
      'not-text',
      `${path} is not ${what === 'config' ? 'a config' : 'an ignore'} file: line ${longest.line} is ${longest.length} bytes long (1.2 would read it in ${Math.ceil(longest.length / 1023)} pieces of 1023 bytes); not reading further`,
    );
    return null;
  }
  const evidence = binaryEvidence(read.content);
  if (evidence !== null) {
    findings.add(
      path,
      null,
      'error',
      'not-text',
      `${path} is not a text file (${evidence}): 1.2 would still read it, but finds ${what === 'config' ? 'no options' : 'no usable entries'} in it`,
    );
  }
  return { content: read.content, facts, binary: evidence !== null };
};
