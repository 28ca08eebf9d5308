import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDatagram } from './syslog.js';

describe('formatDatagram', () => {
  it('writes glibc header with the day padded by a space', () => {
    const d = new Date(2026, 10, 5, 9, 3, 7);
    expect(formatDatagram('adminalert: x\n', d, 42)).toBe('<29>Nov  5 09:03:07 portsentry[42]: adminalert: x\n');
  });
  it('keeps two-digit days as they are', () => {
    const d = new Date(2026, 0, 25, 23, 59, 59);
    expect(formatDatagram('t', d, 1)).toBe('<29>Jan 25 23:59:59 portsentry[1]: t');
  });
  it('cuts the text at 1023 bytes as Log() does', () => {
    const d = new Date(2026, 0, 1, 0, 0, 0);
    const out = formatDatagram('x'.repeat(2000), d, 1);
    expect(out.length).toBe('<29>Jan  1 00:00:00 portsentry[1]: '.length + 1023);
  });
});

describe('Syslog', () => {
  it('never blocks on a reader that does not read, and delivers everything in order once it reads', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const native = (await import('../system/native.js')).native;
    const { Syslog } = await import('./syslog.js');
    const path = join(mkdtempSync(join(tmpdir(), 'ps-syslog-')), 'log');
    const fd = native().bindDatagram(path);
    expect(fd).toBeGreaterThan(0);
    const syslog = new Syslog(path);
    for (let i = 0; i < 3000; i++) syslog.log(`line ${i}\n`);
    // the kernel queue is full long before 3000: the rest waits in the bounded queue
    expect(syslog.idle).toBe(false);
    const got: string[] = [];
    const until = Date.now() + 20_000;
    while (got.length < 3000 && Date.now() < until) {
      const b = native().recvDatagram(fd, 0);
      if (b === null) await new Promise((r) => setTimeout(r, 2));
      else got.push(b.toString('latin1').replace(/^.*?\]: /, ''));
    }
    expect(got).toEqual(Array.from({ length: 3000 }, (_, i) => `line ${i}\n`));
    expect(syslog.dropped).toBe(0);
    native().closeFd(fd);
  });
  it('drops the message silently when there is no socket, as 1.2 does', async () => {
    const { Syslog } = await import('./syslog.js');
    const syslog = new Syslog('/nonexistent/log');
    syslog.log('x');
    expect(syslog.idle).toBe(true);
  });
});
