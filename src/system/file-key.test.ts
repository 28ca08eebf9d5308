import { execFileSync } from 'node:child_process';
import { appendFileSync, closeSync, mkdtempSync, openSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fstatKey, isDirectoryKey, isFifoKey, isRegularFile, keySize, statKey } from './file-key.js';

const dir = mkdtempSync(join(tmpdir(), 'file-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('statKey and fstatKey', () => {
  it('tell a regular file, a directory and a FIFO apart, and give a regular file its size', () => {
    const file = join(dir, 'blocked');
    writeFileSync(file, '0123456789\n');
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const key = statKey(file)!;
    expect([isRegularFile(key), isDirectoryKey(key), isFifoKey(key), keySize(key)]).toEqual([true, false, false, 11]);
    expect([isRegularFile(statKey(dir)!), isDirectoryKey(statKey(dir)!)]).toEqual([false, true]);
    expect([isRegularFile(statKey(fifo)!), isFifoKey(statKey(fifo)!)]).toEqual([false, true]);
    expect(statKey('/dev/null')!.charAt(0)).toBe('o');
  });

  it('give the same key for a path and a descriptor of the same file', () => {
    const file = join(dir, 'same');
    writeFileSync(file, 'x\n');
    const fd = openSync(file, 'r');
    try {
      expect(fstatKey(fd)).toBe(statKey(file));
    } finally {
      closeSync(fd);
    }
  });

  it('change the key when the file grows, when its times change, and when another file takes its name', () => {
    const file = join(dir, 'edited');
    writeFileSync(file, 'a\n');
    const first = statKey(file)!;
    expect(statKey(file)).toBe(first);
    appendFileSync(file, 'b\n');
    const grown = statKey(file)!;
    expect(grown).not.toBe(first);
    expect(keySize(grown)).toBe(4);
    utimesSync(file, new Date(2020, 0, 1), new Date(2020, 0, 1));
    expect(statKey(file)).not.toBe(grown);
    const touched = statKey(file)!;
    const other = join(dir, 'other');
    writeFileSync(other, 'a\nb\n');
    utimesSync(other, new Date(2020, 0, 1), new Date(2020, 0, 1));
    execFileSync('mv', [other, file]);
    expect(keySize(statKey(file)!)).toBe(4);
    expect(statKey(file)).not.toBe(touched);
  });

  it('give null for a missing file, a path with a NUL in it, a path too long and a closed descriptor', () => {
    expect(statKey(join(dir, 'missing'))).toBeNull();
    expect(statKey(join(dir, 'same\u0000x'))).toBeNull();
    expect(statKey(`${dir}/${'x'.repeat(5000)}`)).toBeNull();
    const fd = openSync(join(dir, 'same'), 'r');
    closeSync(fd);
    expect(fstatKey(fd)).toBeNull();
  });
});
