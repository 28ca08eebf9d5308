import { describe, expect, it } from 'vitest';
import { LineSplitter, MAX_LINE_BYTES, type SplitLine } from './line-splitter.js';

const split = (chunks: (string | Buffer)[]): SplitLine[] => {
  const out: SplitLine[] = [];
  const s = new LineSplitter((l) => out.push(l));
  for (const c of chunks) s.push(typeof c === 'string' ? Buffer.from(c, 'latin1') : c);
  s.end();
  return out;
};

describe('LineSplitter, bytes to bounded lines', () => {
  it('gives each line with its number, whatever the chunk boundaries', () => {
    expect(split(['ab', 'c\nde\n', '\nf'])).toEqual([
      { text: 'abc', line: 1, tooLong: false, unterminated: false },
      { text: 'de', line: 2, tooLong: false, unterminated: false },
      { text: '', line: 3, tooLong: false, unterminated: false },
      { text: 'f', line: 4, tooLong: false, unterminated: true },
    ]);
  });

  it('reads every byte as one latin1 character, NUL and 0xff included', () => {
    expect(split([Buffer.from([0x00, 0xff, 0x41, 0x0a])])).toEqual([
      { text: '\x00\xffA', line: 1, tooLong: false, unterminated: false },
    ]);
  });

  it('keeps the first MAX_LINE_BYTES bytes of a longer line and says it was too long', () => {
    const long = 'x'.repeat(MAX_LINE_BYTES + 10);
    const lines = split([long.slice(0, 100), `${long.slice(100)}\nok\n`]);
    expect(lines.map((l) => [l.text.length, l.line, l.tooLong])).toEqual([
      [MAX_LINE_BYTES, 1, true],
      [2, 2, false],
    ]);
  });

  it('takes a line of exactly MAX_LINE_BYTES bytes whole', () => {
    expect(split(['y'.repeat(MAX_LINE_BYTES), '\n']).map((l) => [l.text.length, l.tooLong])).toEqual([
      [MAX_LINE_BYTES, false],
    ]);
  });

  it('gives nothing for an empty input, and no empty last line after a final newline', () => {
    expect(split([])).toEqual([]);
    expect(split(['a\n']).length).toBe(1);
  });
});
