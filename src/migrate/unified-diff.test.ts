import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './unified-diff.js';

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`);

describe('unifiedDiff', () => {
  it('gives one hunk with three lines of context around a replaced line', () => {
    const a = lines(10);
    const b = [...a];
    b[4] = 'five';
    expect(unifiedDiff(`${a.join('\n')}\n`, `${b.join('\n')}\n`, 'old', 'new')).toBe(
      '--- old\n+++ new\n@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+five\n line 6\n line 7\n line 8\n',
    );
  });

  it('joins changes whose context touches and keeps distant ones apart', () => {
    const a = lines(20);
    const b = [...a];
    b[0] = 'one';
    b[6] = 'seven';
    b[19] = 'twenty';
    expect(unifiedDiff(`${a.join('\n')}\n`, `${b.join('\n')}\n`, 'o', 'n')).toBe(
      '--- o\n+++ n\n@@ -1,10 +1,10 @@\n-line 1\n+one\n line 2\n line 3\n line 4\n line 5\n line 6\n-line 7\n+seven\n line 8\n line 9\n line 10\n' +
        '@@ -17,4 +17,4 @@\n line 17\n line 18\n line 19\n-line 20\n+twenty\n',
    );
  });

  it('marks a last line without a newline as diff -u does', () => {
    expect(unifiedDiff('a\nb', 'a\nc', 'o', 'n')).toBe(
      '--- o\n+++ n\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n',
    );
  });

  it('is empty for equal texts, and gives an added last line as diff -u does', () => {
    expect(unifiedDiff('a\n', 'a\n', 'o', 'n')).toBe('');
    expect(unifiedDiff('a\n', 'a\nb\n', 'o', 'n')).toBe('--- o\n+++ n\n@@ -1 +1,2 @@\n a\n+b\n');
  });

  it('gives one hunk for a replaced line followed by an added one, as diff -u does', () => {
    const a = lines(10);
    const b = [...a.slice(0, 4), 'five', 'five and a half', ...a.slice(5)];
    expect(unifiedDiff(`${a.join('\n')}\n`, `${b.join('\n')}\n`, 'old', 'new')).toBe(
      '--- old\n+++ new\n@@ -2,7 +2,8 @@\n line 2\n line 3\n line 4\n-line 5\n+five\n+five and a half\n line 6\n line 7\n line 8\n',
    );
  });

  it('marks the old last line without a newline when a line is added after it', () => {
    expect(unifiedDiff('a\nb', 'a\nc\nd\n', 'o', 'n')).toBe(
      '--- o\n+++ n\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+c\n+d\n',
    );
  });
});
