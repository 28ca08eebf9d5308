import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isIpv6Line, readIpv6Entry } from './ignore-ipv6.js';
import { IgnoreList, neverBlock } from './ignore-list.js';

const dir = mkdtempSync(join(tmpdir(), 'ps-ignore6-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const IGNORE = '127.0.0.1/32\n0.0.0.0\n2001:db8::/32\n::1\nfd00::/8 # the lab\n';

/** neverBlock() and the daemon's IgnoreList on the same file: their verdict and lines must agree */
const check = (content: string, target: string, ipv6 = true) => {
  const file = join(dir, 'ignore');
  writeFileSync(file, content, 'latin1');
  const lines: string[] = [];
  const verdict = neverBlock(target, file, (t) => lines.push(t), ipv6);
  const cached: string[] = [];
  const list = new IgnoreList(file, ipv6);
  expect(list.verdict(target, (t) => cached.push(t))).toBe(verdict);
  expect(cached).toEqual(lines);
  return { verdict, lines };
};

describe('the IPv6 lines of an ignore file', () => {
  it('are the lines whose first word has a colon before any slash', () => {
    expect(isIpv6Line('2001:db8::/32\n')).toBe(true);
    expect(isIpv6Line('::1 # me\n')).toBe(true);
    expect(isIpv6Line('fe80::1%eth0\n')).toBe(true);
    expect(isIpv6Line('10.0.0.0/8\n')).toBe(false);
    expect(isIpv6Line('10.0.0.0/8:\n')).toBe(false);
    expect(isIpv6Line(' ::1\n')).toBe(false);
    expect(isIpv6Line('# ::1\n')).toBe(false);
  });
  it('read an address with an optional prefix length, 128 when there is none', () => {
    expect(readIpv6Entry('2001:DB8::1/32 web\n')).toEqual({
      kind: 'ok',
      address: Uint8Array.from([0x20, 0x01, 0x0d, 0xb8, ...Array<number>(12).fill(0)]),
      bits: 32,
      text: '2001:DB8::1/32',
    });
    expect(readIpv6Entry('::1\n')).toMatchObject({ kind: 'ok', bits: 128 });
    expect(readIpv6Entry('fd00::/8\n')).toMatchObject({ kind: 'ok', bits: 8 });
    expect(readIpv6Entry('::/0\n')).toMatchObject({ kind: 'ok', bits: 0 });
    expect(readIpv6Entry('10.0.0.1\n')).toBeNull();
  });
  it('name what is wrong: a prefix past 128, a zone id, a bad address', () => {
    expect(readIpv6Entry('2001:db8::/129\n')).toEqual({ kind: 'bad-prefix', text: '2001:db8::/129', prefix: '129' });
    expect(readIpv6Entry('2001:db8::/\n')).toEqual({ kind: 'bad-prefix', text: '2001:db8::/', prefix: '' });
    expect(readIpv6Entry('2001:db8::/032\n')).toEqual({ kind: 'bad-prefix', text: '2001:db8::/032', prefix: '032' });
    expect(readIpv6Entry('fe80::1%eth0\n')).toEqual({ kind: 'zone', text: 'fe80::1%eth0', zone: '%eth0' });
    expect(readIpv6Entry('2001:db8:::1\n')).toEqual({
      kind: 'bad-address',
      text: '2001:db8:::1',
      address: '2001:db8:::1',
    });
    expect(readIpv6Entry('[::1]\n')).toEqual({ kind: 'bad-address', text: '[::1]', address: '[::1]' });
  });
});

describe('neverBlock with ENABLE_IPV6', () => {
  it('ignores an IPv6 host inside a listed prefix or equal to a listed address', () => {
    expect(check(IGNORE, '2001:db8:ffff::7').verdict).toBe('ignored');
    expect(check(IGNORE, '::1').verdict).toBe('ignored');
    expect(check(IGNORE, 'fd12:3456::2').verdict).toBe('ignored');
    expect(check(IGNORE, '2001:db9::1').verdict).toBe('not-ignored');
    expect(check(IGNORE, '::2').verdict).toBe('not-ignored');
    expect(check(IGNORE, 'fe00::1').verdict).toBe('not-ignored');
  });
  it('compares prefixes that end inside a byte bit by bit', () => {
    expect(check('2001:db8:8000::/33\n', '2001:db8:8000::1').verdict).toBe('ignored');
    expect(check('2001:db8:8000::/33\n', '2001:db8:ffff::1').verdict).toBe('ignored');
    expect(check('2001:db8:8000::/33\n', '2001:db8:7fff::1').verdict).toBe('not-ignored');
    expect(check('::/0\n', '2001:db8::1').verdict).toBe('ignored');
  });
  it('never lets an IPv6 line protect an IPv4 host, nor an IPv4 line an IPv6 host', () => {
    // 1.2 reads "::1/8" as INADDR_NONE/8, which covers 255.0.0.0/8; with the key it is an IPv6 line
    expect(check('::1/8\n', '255.1.2.3', false).verdict).toBe('ignored');
    expect(check('::1/8\n', '255.1.2.3').verdict).toBe('not-ignored');
    expect(check('0.0.0.0\n127.0.0.1\n', '::1').verdict).toBe('not-ignored');
  });
  it('leaves IPv4 hosts and the IPv4 lines with their 1.2 quirks as they are', () => {
    expect(check(IGNORE, '127.0.0.1')).toEqual({ verdict: 'ignored', lines: [] });
    expect(check(IGNORE, '127.0.0.2')).toEqual({ verdict: 'not-ignored', lines: [] });
    expect(check('10.0.0.0/0\n', '10.0.0.0').verdict).toBe('ignored');
    expect(check('10.0.0.0/0\n', '10.0.0.1').verdict).toBe('not-ignored');
    expect(check('192.168.100.200\n10.0.0.1', '10.0.0.1').verdict).toBe('not-ignored');
  });
  it('logs 1.2\'s "Invalid netmask" line for an IPv6 prefix past 128, for IPv6 hosts only', () => {
    expect(check('2001:db8::/129\n', '2001:db8::1')).toEqual({
      verdict: 'not-ignored',
      lines: ['adminalert: Invalid netmask in config file: 2001:db8::/129\n  Ignoring entry.\n'],
    });
    expect(check('2001:db8::/129\n', '127.0.0.2')).toEqual({ verdict: 'not-ignored', lines: [] });
    // 1.2 itself reads "::1/200" as a bad IPv4 netmask; without the key that line stays
    expect(check('::1/200\n', '127.0.0.2', false).lines).toEqual([
      'adminalert: Invalid netmask in config file: ::1/200\n  Ignoring entry.\n',
    ]);
  });
  it('still reports bad IPv4 lines before a match for an IPv6 host, and skips zone ids and bad addresses silently', () => {
    expect(check('10.0.0.1/40\nfe80::1%lo\n2001:db8:::1\n::1\n', '::1')).toEqual({
      verdict: 'ignored',
      lines: ['adminalert: Invalid netmask in config file: 10.0.0.1/40\n  Ignoring entry.\n'],
    });
    expect(check('fe80::1%lo\n', 'fe80::1').verdict).toBe('not-ignored');
  });
});
