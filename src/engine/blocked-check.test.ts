import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { appendLine } from '../system/append-line.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlockedFile, isBlocked } from './blocked-check.js';

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

describe('BlockedFile', () => {
  const fresh = (content: string): { path: string; blocked: BlockedFile } => {
    const path = join(mkdtempSync(join(tmpdir(), 'ps-index-')), 'blocked.tcp');
    writeFileSync(path, content);
    return { path, blocked: new BlockedFile(path) };
  };

  it('answers from its index once built, and indexes our own appends without reading the file again', () => {
    const { path, blocked } = fresh(line('127.1.0.1'));
    expect(blocked.isBlocked('127.1.0.1')).toBe(true);
    expect(appendLine(path, line('127.1.0.2'), blocked.watch)).toBe(true);
    expect(blocked.isBlocked('127.1.0.2')).toBe(true);
    expect(blocked.isBlocked('27.1.0.2')).toBe(true);
    expect(blocked.isBlocked('127.1.0.3')).toBe(false);
  });

  it('sees an edit by hand at the next hit: a host removed is no longer blocked, one added is', () => {
    const { path, blocked } = fresh(line('127.1.0.1') + line('127.1.0.2'));
    expect(blocked.isBlocked('127.1.0.1')).toBe(true);
    writeFileSync(path, line('127.1.0.2') + 'by hand Host: 127.1.0.9 \n');
    expect(blocked.isBlocked('127.1.0.1')).toBe(false);
    expect(blocked.isBlocked('127.1.0.9')).toBe(true);
  });

  it('sees an edit by hand even when it keeps the size of the file', () => {
    const { path, blocked } = fresh(line('127.1.0.1'));
    expect(blocked.isBlocked('127.1.0.1')).toBe(true);
    writeFileSync(path, line('127.1.0.7'));
    expect(blocked.isBlocked('127.1.0.1')).toBe(false);
    expect(blocked.isBlocked('127.1.0.7')).toBe(true);
  });

  it('keeps the first-occurrence quirk: 1.2.3.4 is not blocked by a line where 1.2.3.45 comes first', () => {
    const { blocked } = fresh('Host: 1.2.3.45/1.2.3.4 Port: 1\n');
    expect(blocked.isBlocked('1.2.3.4')).toBe(false);
    expect(blocked.isBlocked('1.2.3.45')).toBe(true);
    expect(blocked.isBlocked('2.3.45.1')).toBe(false);
  });

  it('reads a line longer than 1023 bytes as fgets does: an address cut across two pieces blocks nothing', () => {
    const pad = 'x'.repeat(1023 - 'Host: 10.1'.length);
    const { blocked } = fresh(`${pad}Host: 10.1.2.3 \nHost: 10.9.9.9 \n`);
    expect(blocked.isBlocked('10.1.2.3')).toBe(false);
    expect(blocked.isBlocked('1.2.3')).toBe(false);
    expect(blocked.isBlocked('10.9.9.9')).toBe(true);
  });

  it('indexes a last line without its newline, and again once it goes on', () => {
    const { path, blocked } = fresh('Host: 1.2.3.4');
    expect(blocked.isBlocked('1.2.3.4')).toBe(true);
    expect(appendLine(path, '5 \n', blocked.watch)).toBe(true);
    expect(blocked.isBlocked('1.2.3.4')).toBe(false);
    expect(blocked.isBlocked('1.2.3.45')).toBe(true);
  });

  it('sees a line someone else appended between the hit and our own append', () => {
    const { path, blocked } = fresh(line('127.1.0.1'));
    expect(blocked.isBlocked('127.1.0.1')).toBe(true);
    appendFileSync(path, line('127.1.0.5'));
    expect(appendLine(path, line('127.1.0.2'), blocked.watch)).toBe(true);
    expect(blocked.isBlocked('127.1.0.5')).toBe(true);
    expect(blocked.isBlocked('127.1.0.2')).toBe(true);
  });

  it('returns null while the file is missing and answers again once it is back', () => {
    const { path, blocked } = fresh(line('127.1.0.1'));
    rmSync(path);
    expect(blocked.isBlocked('127.1.0.1')).toBeNull();
    writeFileSync(path, line('127.1.0.1'));
    expect(blocked.isBlocked('127.1.0.1')).toBe(true);
  });

  it('counts nothing as blocked in a directory, as fgets on a directory reads nothing', () => {
    const path = mkdtempSync(join(tmpdir(), 'ps-index-dir-'));
    expect(new BlockedFile(path).isBlocked('127.1.0.1')).toBe(false);
  });

  it('answers for a target that is not a dotted quad by reading the file, as 1.2 does', () => {
    const { blocked } = fresh('Host: 010.1.2.3 \n');
    expect(blocked.isBlocked('010.1.2.3')).toBe(true);
    expect(blocked.isBlocked('10.1.2.3')).toBe(true);
  });
});

describe('BlockedFile with ENABLE_IPV6', () => {
  const fresh = (content: string): { path: string; blocked: BlockedFile } => {
    const path = join(mkdtempSync(join(tmpdir(), 'ps-index6-')), 'blocked.tcp');
    writeFileSync(path, content);
    return { path, blocked: new BlockedFile(path, true) };
  };

  it('finds an IPv6 host by the address field of a line, in any text form of the address', () => {
    const { blocked } = fresh(line('2001:db8::99') + line('127.0.0.2') + line('2001:DB8:0:0:0:0:0:AA'));
    expect(blocked.isBlocked('2001:db8::99')).toBe(true);
    expect(blocked.isBlocked('2001:db8::aa')).toBe(true);
    expect(blocked.isBlocked('2001:db8::9')).toBe(false);
    expect(blocked.isBlocked('2001:db8::999')).toBe(false);
    expect(blocked.isBlocked('127.0.0.2')).toBe(true);
  });
  it('never counts an IPv6 host as blocked by a text that merely contains it, as 1.2 would for IPv4', () => {
    const { blocked } = fresh(
      '1795598147 - 11/25/2026 09:15:47 Host: 2001:db8::99/2001:db8::990 Port: 11 TCP Blocked\n' +
        'note: 2001:db8::99 was blocked\n' +
        '1795598147 - 11/25/2026 09:15:47 Host: 2001:db8::99/fd00::1 Port: 11 TCP Blocked\n',
    );
    expect(blocked.isBlocked('2001:db8::99')).toBe(false);
    expect(blocked.isBlocked('2001:db8::990')).toBe(true);
    expect(blocked.isBlocked('fd00::1')).toBe(true);
  });
  it('leaves an IPv4-mapped address field to the IPv4 check', () => {
    const { blocked } = fresh(line('::ffff:10.1.2.3'));
    expect(blocked.isBlocked('10.1.2.3')).toBe(true);
    expect(blocked.isBlocked('::ffff:a01:203')).toBe(false);
  });
  it('indexes our own IPv6 appends, and an edit by hand at the next hit', () => {
    const { path, blocked } = fresh(line('127.1.0.1'));
    expect(blocked.isBlocked('fd00::2')).toBe(false);
    expect(appendLine(path, line('fd00::2'), blocked.watch)).toBe(true);
    expect(blocked.isBlocked('fd00::2')).toBe(true);
    writeFileSync(path, line('fd00::3'));
    expect(blocked.isBlocked('fd00::2')).toBe(false);
    expect(blocked.isBlocked('fd00::3')).toBe(true);
  });
  it('returns null for an IPv6 host when the file cannot be opened, as for IPv4', () => {
    expect(isBlocked('fd00::2', join(dir, 'none'), true)).toBeNull();
  });
});
