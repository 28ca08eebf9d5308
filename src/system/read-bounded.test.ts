import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BoundedReadError, readBounded, readBoundedText } from './read-bounded.js';

const dir = mkdtempSync(join(tmpdir(), 'read-bounded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('readBounded', () => {
  it('reads a regular file within its bounds as latin1, one character per byte', () => {
    const path = file('ok', Buffer.from([0x61, 0x0a, 0xff, 0x0a]));
    expect(readBounded(path, { maxBytes: 4, maxLines: 2, excess: 'refuse' })).toEqual({
      ok: true,
      content: 'a\n\xff\n',
      cut: null,
    });
  });

  it('refuses a file one byte over the byte bound, naming the path and the bound', () => {
    const path = file('big', 'x'.repeat(11));
    expect(readBounded(path, { maxBytes: 10, excess: 'refuse' })).toEqual({
      ok: false,
      problem: 'bytes',
      why: 'expected a regular file of at most 10 bytes, found one larger than 10 bytes',
      message: `${path}: expected a regular file of at most 10 bytes, found one larger than 10 bytes`,
    });
  });

  it('cuts a file at the byte bound when the caller asks for the text up to it', () => {
    const path = file('big-cut', 'abcdefghijkl');
    expect(readBounded(path, { maxBytes: 10, excess: 'cut' })).toEqual({
      ok: true,
      content: 'abcdefghij',
      cut: 'bytes',
    });
  });

  it('refuses a file with one line more than the line bound, a last line without newline counting', () => {
    const path = file('lines', '1\n2\n3');
    expect(readBounded(path, { maxBytes: 100, maxLines: 2, excess: 'refuse' })).toMatchObject({
      ok: false,
      problem: 'lines',
      message: `${path}: expected a regular file of at most 2 lines, found one longer than 2 lines`,
    });
    expect(readBounded(path, { maxBytes: 100, maxLines: 3, excess: 'refuse' })).toEqual({
      ok: true,
      content: '1\n2\n3',
      cut: null,
    });
  });

  it('cuts at the line bound after the last newline it may hold, across read chunks', () => {
    const path = file('lines-cut', `${'a'.repeat(70000)}\nb\nc\n`);
    expect(readBounded(path, { maxBytes: 1 << 20, maxLines: 2, excess: 'cut' })).toEqual({
      ok: true,
      content: `${'a'.repeat(70000)}\nb\n`,
      cut: 'lines',
    });
  });

  it('returns at once for a FIFO that has no writer, and says what it found', () => {
    const path = join(dir, 'fifo');
    execFileSync('mkfifo', [path]);
    expect(readBounded(path, { maxBytes: 100, excess: 'refuse' })).toEqual({
      ok: false,
      problem: 'kind',
      found: 'a FIFO',
      why: 'expected a regular file, found a FIFO',
      message: `${path}: expected a regular file, found a FIFO`,
    });
  });

  it('refuses /dev/zero as a character device without reading from it', () => {
    expect(readBounded('/dev/zero', { maxBytes: 100, excess: 'cut' })).toMatchObject({
      ok: false,
      problem: 'kind',
      message: '/dev/zero: expected a regular file, found a character device',
    });
  });

  it('refuses a directory', () => {
    expect(readBounded(dir, { maxBytes: 100, excess: 'refuse' })).toMatchObject({
      ok: false,
      problem: 'kind',
      found: 'a directory',
      message: `${dir}: expected a regular file, found a directory`,
    });
  });

  it('reports a missing file with its errno in words', () => {
    const path = join(dir, 'missing');
    expect(readBounded(path, { maxBytes: 100, excess: 'refuse' })).toEqual({
      ok: false,
      problem: 'open',
      code: 'ENOENT',
      why: 'cannot open it: no such file or directory',
      message: `cannot open ${path}: no such file or directory`,
    });
  });
});

describe('readBoundedText', () => {
  it('throws a BoundedReadError whose message is the one readBounded gives', () => {
    expect(() => readBoundedText('/dev/zero', { maxBytes: 10 })).toThrow(
      new BoundedReadError({
        ok: false,
        problem: 'kind',
        found: 'a character device',
        why: 'expected a regular file, found a character device',
        message: '/dev/zero: expected a regular file, found a character device',
      }),
    );
    expect(() => readBoundedText('/dev/zero', { maxBytes: 10 })).toThrow(
      '/dev/zero: expected a regular file, found a character device',
    );
  });
});
