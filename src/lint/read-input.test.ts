import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemEnv } from './system-env.js';
import { fakeEnv } from '../../test-support/fake-env.js';
import { FindingList } from './finding.js';
import { formatFinding } from './format.js';
import { MAX_INPUT_BYTES } from './lint-env.js';
import { readInput } from './read-input.js';

const read = (files: Parameters<typeof fakeEnv>[0]['files'], what: 'config' | 'ignore' = 'config') => {
  const findings = new FindingList();
  const input = readInput('f', what, fakeEnv({ files }), findings);
  return { input, printed: findings.items.map(formatFinding) };
};

describe('readInput', () => {
  it('names a file it may not read', () => {
    expect(read({ f: { content: 'x', mode: 0 } }).printed).toEqual([
      'f: error: cannot read f: permission denied; 1.2 exits with "Cannot open config file" [unreadable-file]\n',
    ]);
  });
  it('does not open a device, socket or pipe', () => {
    expect(read({ f: { kind: 'other' } }).printed).toEqual([
      'f: error: f: expected a regular file, found a device, socket or FIFO; not reading it [unreadable-file]\n',
    ]);
  });
  it('names what a device or FIFO is on this machine, without waiting for a writer', () => {
    const fifo = join(mkdtempSync(join(tmpdir(), 'read-input-')), 'fifo');
    execFileSync('mkfifo', [fifo]);
    for (const [path, found] of [
      ['/dev/zero', 'a character device'],
      [fifo, 'a FIFO'],
    ] as const) {
      const findings = new FindingList();
      expect(readInput(path, 'config', systemEnv(), findings)).toBeNull();
      expect(findings.items.map(formatFinding)).toEqual([
        `${path}: error: ${path}: expected a regular file, found ${found}; not reading it [unreadable-file]\n`,
      ]);
    }
  });
  it('re-checks the opened file: a FIFO put where stat() saw a regular file is refused with what it is', () => {
    const findings = new FindingList();
    const env = {
      ...fakeEnv({ files: { f: { content: 'x' } } }),
      readFile: () => ({ error: 'expected a regular file, found a FIFO' }),
    };
    expect(readInput('f', 'config', env, findings)).toBeNull();
    expect(findings.items.map(formatFinding)).toEqual([
      'f: error: cannot read f: expected a regular file, found a FIFO; 1.2 exits with "Cannot open config file" [unreadable-file]\n',
    ]);
  });
  it('refuses a file larger than any config', () => {
    const r = read({ f: { content: 'x'.repeat(MAX_INPUT_BYTES + 1) } });
    expect(r.input).toBeNull();
    expect(r.printed).toEqual([
      'f: error: f is 33554433 bytes, more than the 33554432 bytes the linter reads; not a config file [unreadable-file]\n',
    ]);
  });
  it('says what 1.2 does with a directory given as ignore file', () => {
    expect(read({ f: { kind: 'directory' } }, 'ignore').printed).toEqual([
      'f: error: f is a directory; 1.2 reads a directory as an empty file: no host is protected [unreadable-file]\n',
    ]);
  });
  it('flags control bytes without NUL as not text, and keeps reading', () => {
    const r = read({ f: { content: '\x01\x02\x03\x04x\n' } });
    expect(r.printed).toEqual([
      'f: error: f is not a text file (4 control bytes in its first 6): 1.2 would still read it, but finds no options in it [not-text]\n',
    ]);
    expect(r.input?.binary).toBe(true);
  });
  it('reads UTF-8 text (curly quotes) as text', () => {
    expect(read({ f: { content: 'PORT_BANNER=\xe2\x80\x9cgo\xe2\x80\x9d\n' } }).printed).toEqual([]);
  });
});
