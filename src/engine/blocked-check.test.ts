import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBlocked } from './blocked-check.js';

const dir = mkdtempSync(join(tmpdir(), 'ps-blocked-'));
const file = join(dir, 'blocked.tcp');
const line = (host: string) => `1795598147 - 11/25/2026 09:15:47 Host: ${host}/${host} Port: 11 TCP Blocked\n`;

describe('isBlocked', () => {
  it('finds a host written by WriteBlocked', () => {
    writeFileSync(file, line('127.0.0.2'));
    expect(isBlocked('127.0.0.2', file)).toBe(true);
    expect(isBlocked('127.0.0.3', file)).toBe(false);
  });
  it('counts 1.2.3.4 as blocked when 11.2.3.4 is, as 1.2 does', () => {
    writeFileSync(file, line('11.2.3.4'));
    expect(isBlocked('1.2.3.4', file)).toBe(true);
  });
  it('does not count 127.0.0.1 as blocked when only 127.0.0.10 is', () => {
    writeFileSync(file, line('127.0.0.10'));
    expect(isBlocked('127.0.0.1', file)).toBe(false);
  });
  it('returns null when the file cannot be opened', () => {
    expect(isBlocked('1.2.3.4', join(dir, 'none'))).toBeNull();
  });
});
