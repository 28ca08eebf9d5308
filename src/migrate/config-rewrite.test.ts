import { describe, expect, it } from 'vitest';
import { configFromString } from '../config/config-file.js';
import { findKillRoute, otherKillRouteLines, replaceKillRoute } from './config-rewrite.js';

const find = (text: string) => findKillRoute(configFromString('/etc/portsentry/portsentry.conf', text));

describe('findKillRoute and replaceKillRoute', () => {
  it('replaces only the bytes between the quotes of the line 1.2 reads', () => {
    const text =
      '#KILL_ROUTE="old one"\nKILL_ROUTE ="/sbin/route add -host $TARGET$ reject" # trailing words\nKILL_ROUTE="second"\n';
    const r = find(text);
    expect(r).toEqual({ ok: true, site: { value: '/sbin/route add -host $TARGET$ reject', line: 2, offset: 35 } });
    if (!r.ok) return;
    expect(replaceKillRoute(text, r.site, 'NEW')).toBe(
      '#KILL_ROUTE="old one"\nKILL_ROUTE ="NEW" # trailing words\nKILL_ROUTE="second"\n',
    );
    expect(otherKillRouteLines(text, 2)).toEqual([
      { line: 1, text: '#KILL_ROUTE="old one"' },
      { line: 3, text: 'KILL_ROUTE="second"' },
    ]);
  });

  it('refuses the values 1.2 cuts short, and a line without quotes, naming the line', () => {
    expect(find('KILL_ROUTE="/sbin/route add -host $TARGET$ reject\n')).toEqual({
      ok: false,
      why: "/etc/portsentry/portsentry.conf:1: expected KILL_ROUTE's value to end with a quote, found that the line has no closing quote (column 50); fix the line first",
    });
    expect(find('KILL_ROUTE="a\r"\n')).toEqual({
      ok: false,
      why: "/etc/portsentry/portsentry.conf:1: expected KILL_ROUTE's value to end with a quote, found that a carriage return (DOS line end) inside the quotes cuts the value there (column 14); fix the line first",
    });
    expect(find(`KILL_ROUTE="${'x'.repeat(1100)}"\n`)).toEqual({
      ok: false,
      why: "/etc/portsentry/portsentry.conf:1: expected KILL_ROUTE's value to end with a quote, found that the line is longer than the 1023 bytes 1.2 reads (column 1024); fix the line first",
    });
    expect(find('KILL_ROUTE="abc')).toEqual({
      ok: false,
      why: "/etc/portsentry/portsentry.conf:1: expected KILL_ROUTE's value to end with a quote, found that the file ends (or has a NUL byte) before the closing quote (column 16); fix the line first",
    });
    expect(find('\nKILL_ROUTE=/sbin/route add -host $TARGET$ reject\n')).toEqual({
      ok: false,
      why: '/etc/portsentry/portsentry.conf:2: expected KILL_ROUTE="...", found a KILL_ROUTE line without quotes (1.2 skips it)',
    });
  });

  it('says when there is no KILL_ROUTE line at all', () => {
    expect(find('BLOCK_TCP="1"\n')).toEqual({
      ok: false,
      why:
        '/etc/portsentry/portsentry.conf: expected an active KILL_ROUTE="..." line, found none: there is no KILL_ROUTE line at all. ' +
        '1.2 blocks no route with this config; migrate only rewrites an existing KILL_ROUTE. Uncomment the one you use and run migrate again.',
    });
  });
});
