import { describe, expect, it } from 'vitest';
import { formatDatagram } from './syslog.js';

describe('formatDatagram', () => {
  it('writes glibc header with the day padded by a space', () => {
    const d = new Date(2026, 10, 5, 9, 3, 7);
    expect(formatDatagram('adminalert: x\n', d, 42).toString('latin1')).toBe('<29>Nov  5 09:03:07 portsentry[42]: adminalert: x\n');
  });
  it('keeps two-digit days as they are', () => {
    const d = new Date(2026, 0, 25, 23, 59, 59);
    expect(formatDatagram('t', d, 1).toString('latin1')).toBe('<29>Jan 25 23:59:59 portsentry[1]: t');
  });
  it('cuts the text at 1023 bytes as Log() does', () => {
    const d = new Date(2026, 0, 1, 0, 0, 0);
    const out = formatDatagram('x'.repeat(2000), d, 1).toString('latin1');
    expect(out.length).toBe('<29>Jan  1 00:00:00 portsentry[1]: '.length + 1023);
  });
});
