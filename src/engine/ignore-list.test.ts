import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import {
  IGNORE_MAX_BYTES,
  IGNORE_MAX_LINES,
  IgnoreList,
  maskFor,
  neverBlock,
  readIgnoreEntries,
} from './ignore-list.js';

const dir = mkdtempSync(join(tmpdir(), 'ps-ignore-'));
const check = (content: string, target: string) => {
  const file = join(dir, 'ignore');
  writeFileSync(file, content, 'latin1');
  const lines: string[] = [];
  return { verdict: neverBlock(target, file, (t) => lines.push(t)), lines };
};

describe('readIgnoreEntries', () => {
  it('cuts each line at the first byte that is not a digit, dot, colon or slash', () => {
    const entries = [...readIgnoreEntries('127.0.0.1 # me\n10.0.0.0/8\n  192.168.0.1\nhost\n')];
    expect(entries.map((e) => [e.address, e.maskText, e.bits])).toEqual([
      ['127.0.0.1', '32', 32],
      ['10.0.0.0', '8', 8],
      ['', '32', 32],
      ['', '32', 32],
    ]);
  });
  it('skips comment and empty lines', () => {
    expect([...readIgnoreEntries('# x\n\n1.2.3.4\n')].map((e) => e.line)).toEqual([3]);
  });
  it('lets a last line without newline inherit the tail of a longer earlier line', () => {
    // NeverBlock() terminates its copy only when it meets a rejected byte
    const entries = [...readIgnoreEntries('192.168.100.200\n10.0.0.1')];
    expect(entries[1]!.address).toBe('10.0.0.1100.200');
  });
});

describe('maskFor', () => {
  it('builds the mask with the shift count taken modulo 32, so /0 keeps all bits', () => {
    expect(maskFor(24)).toBe(0xffffff00);
    expect(maskFor(32)).toBe(0xffffffff);
    expect(maskFor(0)).toBe(0xffffffff);
    expect(maskFor(1)).toBe(0x80000000);
  });
});

describe('neverBlock', () => {
  it('ignores an exact address and a network given with /bits', () => {
    expect(check('127.0.0.2\n', '127.0.0.2').verdict).toBe('ignored');
    expect(check('127.1.0.0/16\n', '127.1.9.9').verdict).toBe('ignored');
    expect(check('127.1.0.0/16\n', '127.2.9.9').verdict).toBe('not-ignored');
  });
  it('logs an invalid netmask with the whole line, newline included, and skips it', () => {
    expect(check('127.0.0.2/33\n', '127.0.0.2')).toEqual({
      verdict: 'not-ignored',
      lines: ['adminalert: Invalid netmask in config file: 127.0.0.2/33\n  Ignoring entry.\n'],
    });
  });
  it('reports a missing file as unreadable', () => {
    expect(neverBlock('1.2.3.4', join(dir, 'missing'), () => undefined)).toBe('unreadable');
  });

  it('does not read /dev/zero: one line says what it is, and the host counts as not protected', () => {
    const lines: string[] = [];
    expect(neverBlock('1.2.3.4', '/dev/zero', (t) => lines.push(t))).toBe('unreadable');
    expect(lines).toEqual([
      'adminalert: ERROR: ignore file /dev/zero is a character device, not a regular file; not reading it.\n',
    ]);
  });

  it('does not wait for a writer when the ignore file is a FIFO', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const lines: string[] = [];
    expect(neverBlock('1.2.3.4', fifo, (t) => lines.push(t))).toBe('unreadable');
    expect(lines).toEqual([`adminalert: ERROR: ignore file ${fifo} is a FIFO, not a regular file; not reading it.\n`]);
  });

  it('reads a file past its byte bound up to the bound, and says the rest is not read', () => {
    const head = '127.0.0.2\n';
    const r = check(`${head}${'#'.repeat(IGNORE_MAX_BYTES)}\n127.0.0.3\n`, '127.0.0.3');
    expect(r).toEqual({
      verdict: 'not-ignored',
      lines: [
        `adminalert: WARNING: ignore file ${join(dir, 'ignore')} is longer than ${IGNORE_MAX_BYTES} bytes; the rest of it is not read.\n`,
      ],
    });
    expect(check(`${head}${'#'.repeat(IGNORE_MAX_BYTES)}\n127.0.0.3\n`, '127.0.0.2').verdict).toBe('ignored');
  });

  it('reads a file past its line bound up to the bound, and says the rest is not read', () => {
    const r = check(`${'\n'.repeat(IGNORE_MAX_LINES)}127.0.0.3\n`, '127.0.0.3');
    expect(r).toEqual({
      verdict: 'not-ignored',
      lines: [
        `adminalert: WARNING: ignore file ${join(dir, 'ignore')} is longer than ${IGNORE_MAX_LINES} lines; the rest of it is not read.\n`,
      ],
    });
    expect(check(`${'\n'.repeat(IGNORE_MAX_LINES - 1)}127.0.0.3\n`, '127.0.0.3')).toEqual({
      verdict: 'ignored',
      lines: [],
    });
  });
});

describe('IgnoreList', () => {
  const setUp = (content: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'ps-ignore-list-')), 'ignore');
    writeFileSync(file, content, 'latin1');
    const list = new IgnoreList(file);
    const lines: string[] = [];
    return { file, lines, verdict: (target: string) => list.verdict(target, (t) => lines.push(t)) };
  };

  it('gives the answers and the lines neverBlock gives, at every hit', () => {
    const content = '127.0.0.1\n10.0.0.0/40\n192.168.0.0/16\n';
    const { file, lines, verdict } = setUp(content);
    for (const target of ['192.168.3.4', '192.168.3.4', '10.1.1.1', '127.0.0.1']) {
      const plain: string[] = [];
      const expected = neverBlock(target, file, (t) => plain.push(t));
      lines.length = 0;
      expect(verdict(target)).toBe(expected);
      expect(lines).toEqual(plain);
    }
    lines.length = 0;
    expect(verdict('10.1.1.1')).toBe('not-ignored');
    expect(lines).toEqual(['adminalert: Invalid netmask in config file: 10.0.0.0/40\n  Ignoring entry.\n']);
  });

  it('sees an edit at the next hit, even one that keeps the size of the file', () => {
    const { file, verdict } = setUp('10.1.1.1\n');
    expect(verdict('10.1.1.1')).toBe('ignored');
    writeFileSync(file, '10.1.1.2\n');
    expect(verdict('10.1.1.1')).toBe('not-ignored');
    expect(verdict('10.1.1.2')).toBe('ignored');
  });

  it('says the file cannot be read once it is removed, and reads it again once it is back', () => {
    const { file, verdict } = setUp('10.1.1.1\n');
    expect(verdict('10.1.1.1')).toBe('ignored');
    rmSync(file);
    expect(verdict('10.1.1.1')).toBe('unreadable');
    writeFileSync(file, '10.1.1.1\n');
    expect(verdict('10.1.1.1')).toBe('ignored');
  });
});
