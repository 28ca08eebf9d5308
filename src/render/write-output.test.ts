import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeRendered } from './write-output.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'portsentry-render-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeRendered', () => {
  it('writes a script with mode 0755 and anything else with 0644, whatever the umask', () => {
    const old = process.umask(0o077);
    try {
      expect(writeRendered(join(dir, 's'), '#!/bin/sh\n', true, false)).toBe(0o755);
      expect(writeRendered(join(dir, 'f'), 'x\n', false, false)).toBe(0o644);
    } finally {
      process.umask(old);
    }
    expect(statSync(join(dir, 's')).mode & 0o777).toBe(0o755);
    expect(statSync(join(dir, 'f')).mode & 0o777).toBe(0o644);
    expect(readFileSync(join(dir, 's'), 'utf8')).toBe('#!/bin/sh\n');
  });

  it('never overwrites an existing file without force, and leaves no temporary file', () => {
    writeFileSync(join(dir, 'f'), 'old\n');
    expect(() => writeRendered(join(dir, 'f'), 'new\n', false, false)).toThrow(
      `--out ${join(dir, 'f')}: the file exists; give --force to overwrite it`,
    );
    expect(readFileSync(join(dir, 'f'), 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toEqual(['f']);
  });

  it('replaces an existing file with force, giving it the new mode', () => {
    writeFileSync(join(dir, 'f'), 'old\n', { mode: 0o600 });
    writeRendered(join(dir, 'f'), 'new\n', true, true);
    expect(readFileSync(join(dir, 'f'), 'utf8')).toBe('new\n');
    expect(statSync(join(dir, 'f')).mode & 0o777).toBe(0o755);
    expect(readdirSync(dir)).toEqual(['f']);
  });

  it('refuses a directory and a folder that does not exist', () => {
    expect(() => writeRendered(dir, 'x', false, true)).toThrow(`--out ${dir}: expected a file name, found a directory`);
    expect(() => writeRendered(join(dir, 'no', 'f'), 'x', false, false)).toThrow(
      `--out ${join(dir, 'no', 'f')}: cannot write in ${join(dir, 'no')} (ENOENT)`,
    );
  });
});
