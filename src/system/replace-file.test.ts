import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeFsError } from './describe-fs-error.js';
import { putInPlace, replaceFile, writeTemp } from './replace-file.js';

describe('replaceFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ps-replace-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the new bytes and keeps the old file's mode, leaving no temporary file", () => {
    const f = join(dir, 'portsentry.conf');
    writeFileSync(f, 'old');
    chmodSync(f, 0o640);
    replaceFile(f, 'caf\xe9\n');
    expect(readFileSync(f)).toEqual(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    expect(statSync(f).mode & 0o7777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['portsentry.conf']);
  });

  it('gives a new file the mode it is asked for, whatever the umask', () => {
    const f = join(dir, 'state');
    const old = process.umask(0o077);
    try {
      replaceFile(f, 'x', 'utf8', 0o644);
    } finally {
      process.umask(old);
    }
    expect(statSync(f).mode & 0o7777).toBe(0o644);
  });

  it('throws and changes nothing when the directory does not exist, with a message naming the path', () => {
    const f = join(dir, 'missing', 'file');
    let caught: unknown;
    try {
      replaceFile(f, 'x');
    } catch (err) {
      caught = err;
    }
    expect(describeFsError(f, caught)).toBe(`${f}: ENOENT (no such file or directory)`);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('writeTemp and putInPlace', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ps-replace-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('link an exclusive file into place only when the name is free, leaving no temporary file either way', () => {
    const f = join(dir, 'f');
    putInPlace(writeTemp(f, Buffer.from('one\n'), 0o600), f, true);
    expect([readFileSync(f, 'utf8'), statSync(f).mode & 0o7777]).toEqual(['one\n', 0o600]);
    expect(() => putInPlace(writeTemp(f, Buffer.from('two\n'), 0o600), f, true)).toThrow(
      expect.objectContaining({ code: 'EEXIST' }),
    );
    expect(readFileSync(f, 'utf8')).toBe('one\n');
    expect(readdirSync(dir)).toEqual(['f']);
  });

  it('say that a temporary file of the same name is in the way', () => {
    const f = join(dir, 'f');
    writeFileSync(join(dir, `.f.${process.pid}.tmp`), '');
    let caught: unknown;
    try {
      writeTemp(f, Buffer.from('x'), 0o644);
    } catch (err) {
      caught = err;
    }
    expect(describeFsError(f, caught)).toBe(`${f}: EEXIST (a temporary file of that name already exists)`);
  });
});
