import { describe, expect, it } from 'vitest';
import { fakeEnv } from '../../test-support/fake-env.js';
import { formatFinding } from './format.js';
import { lintConf } from './lint-conf.js';
import { lintIgnore } from './lint-ignore.js';

const BASE = [
  'TCP_PORTS="1,11,15"',
  'UDP_PORTS="1,7,9"',
  'IGNORE_FILE="/etc/portsentry/portsentry.ignore"',
  'HISTORY_FILE="/var/lib/portsentry/portsentry.history"',
  'BLOCKED_FILE="/var/lib/portsentry/portsentry.blocked"',
  'SCAN_TRIGGER="0"',
];

const IGNORE6 = '127.0.0.1/32\n::1\n2001:db8::/129\nfe80::1%eth0\n2001:db8:::1/64\nfd00::/8 # lab\n';

/** the findings of the given rules for BASE plus `extra` (from line 7 on), as printed */
const lint = (extra: string[], rules: string[], ignore = '127.0.0.1/32\n'): string[] =>
  lintConf(
    'p.conf',
    {},
    fakeEnv({
      files: {
        'p.conf': { content: [...BASE, ...extra].join('\n') + '\n' },
        '/etc/portsentry/portsentry.ignore': { content: ignore },
        '/var/lib/portsentry/portsentry.history': { content: '' },
      },
      hostAddresses: ['127.0.0.1'],
    }),
  )
    .findings.filter((f) => rules.includes(f.rule))
    .map(formatFinding);

const IGNORE_RULES = [
  'ignore-ipv6',
  'ignore-ipv6-bad-prefix',
  'ignore-ipv6-zone',
  'ignore-ipv6-bad-address',
  'ignore-unreadable',
];

describe('lint conf with ENABLE_IPV6', () => {
  it('warns when blocking is on and no KILL_ROUTE6 is set, at the ENABLE_IPV6 line', () => {
    expect(lint(['ENABLE_IPV6="1"', 'BLOCK_TCP="1"', 'BLOCK_UDP="0"'], ['ipv6-no-route6'])).toEqual([
      'p.conf:7:14: warning: ENABLE_IPV6 is on and BLOCK_TCP="1" blocks hosts, but no KILL_ROUTE6 is set: IPv6 scanners are not blocked by route (KILL_ROUTE is never run with an IPv6 address) [ipv6-no-route6]\n' +
        '    hint: set KILL_ROUTE6="..." (portsentry migrate nftables writes one for its blocked6 set)\n',
    ]);
  });
  it('says nothing with a KILL_ROUTE6, without blocking, or without the key', () => {
    const route6 = 'KILL_ROUTE6="/usr/sbin/nft add element inet portsentry blocked6 { $TARGET$ }"';
    expect(lint(['ENABLE_IPV6="1"', 'BLOCK_TCP="1"', route6], ['ipv6-no-route6'])).toEqual([]);
    expect(lint(['ENABLE_IPV6="1"', 'BLOCK_TCP="2"', 'BLOCK_UDP="0"'], ['ipv6-no-route6'])).toEqual([]);
    expect(lint(['ENABLE_IPV6="0"', 'BLOCK_TCP="1"'], ['ipv6-no-route6'])).toEqual([]);
  });
  it('checks the IPv6 entries of the ignore file: file, line, what was expected and what was found', () => {
    expect(lint(['ENABLE_IPV6="1"'], IGNORE_RULES, IGNORE6)).toEqual([
      '/etc/portsentry/portsentry.ignore:3:12: warning: expected an IPv6 prefix length from 0 to 128 after "/", found "129": the daemon logs "Invalid netmask in config file" and skips this line [ignore-ipv6-bad-prefix]\n' +
        '    hint: write a prefix length such as /64 or /128\n',
      '/etc/portsentry/portsentry.ignore:4:1: warning: expected an IPv6 address without a zone id, found "%eth0" in "fe80::1%eth0": this line protects nothing [ignore-ipv6-zone]\n' +
        '    hint: write the address without %eth0\n',
      '/etc/portsentry/portsentry.ignore:5:1: warning: expected an IPv6 address such as 2001:db8::1 or a prefix such as 2001:db8::/32, found "2001:db8:::1": this line protects nothing [ignore-ipv6-bad-address]\n' +
        '    hint: write one IPv6 address, optionally with /prefix, per line\n',
    ]);
  });
  it('without the key, reads a good IPv6 entry as 1.2 does (as nothing), and still names a bad one', () => {
    const found = lint([], IGNORE_RULES, IGNORE6);
    expect(
      found.filter((f) => f.includes('[ignore-unreadable]')).map((f) => f.split(':').slice(0, 2).join(':')),
    ).toEqual(['/etc/portsentry/portsentry.ignore:2', '/etc/portsentry/portsentry.ignore:6']);
    expect(found.filter((f) => f.includes('[ignore-ipv6-')).length).toBe(3);
  });
});

describe('lint ignore and IPv6 entries', () => {
  it('names each good IPv6 entry as honoured only with ENABLE_IPV6, and each bad one with what is wrong', () => {
    const r = lintIgnore(
      'p.ignore',
      fakeEnv({ files: { 'p.ignore': { content: IGNORE6 } }, hostAddresses: ['127.0.0.1'] }),
    );
    const mine = r.findings.filter((f) => IGNORE_RULES.includes(f.rule)).map(formatFinding);
    expect(mine).toEqual([
      'p.ignore:2:1: info: "::1" is an IPv6 entry: the daemon honours it only with ENABLE_IPV6="1" in its config (1.2 reads it as nothing) [ignore-ipv6]\n',
      'p.ignore:3:12: warning: expected an IPv6 prefix length from 0 to 128 after "/", found "129": the daemon logs "Invalid netmask in config file" and skips this line [ignore-ipv6-bad-prefix]\n' +
        '    hint: write a prefix length such as /64 or /128\n',
      'p.ignore:4:1: warning: expected an IPv6 address without a zone id, found "%eth0" in "fe80::1%eth0": this line protects nothing [ignore-ipv6-zone]\n' +
        '    hint: write the address without %eth0\n',
      'p.ignore:5:1: warning: expected an IPv6 address such as 2001:db8::1 or a prefix such as 2001:db8::/32, found "2001:db8:::1": this line protects nothing [ignore-ipv6-bad-address]\n' +
        '    hint: write one IPv6 address, optionally with /prefix, per line\n',
      'p.ignore:6:1: info: "fd00::/8" is an IPv6 entry: the daemon honours it only with ENABLE_IPV6="1" in its config (1.2 reads it as nothing) [ignore-ipv6]\n',
    ]);
  });
});
