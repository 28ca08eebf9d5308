import { describe, expect, it } from 'vitest';
import { hostsDenyEntries, hostsDenyPattern, withoutHostsDenyLines } from './hosts-deny.js';

describe('hosts.deny lines written from KILL_HOSTS_DENY', () => {
  it('finds the addresses of lines the Debian template wrote, and nothing else', () => {
    const content =
      'ALL: 127.0.0.2 : DENY\n# ALL: 127.0.0.3 : DENY\nsshd: 127.0.0.4\nALL: 127.0.0.5 : DENY\nALL: 127.0.0.6 : DENY extra\n';
    expect(hostsDenyEntries(content, 'ALL: $TARGET$ : DENY')).toEqual([
      { address: '127.0.0.2', line: 1, text: 'ALL: 127.0.0.2 : DENY' },
      { address: '127.0.0.5', line: 4, text: 'ALL: 127.0.0.5 : DENY' },
    ]);
  });

  it('matches $PORT$ and $MODE$ as any port and mode, and escapes the rest', () => {
    const p = hostsDenyPattern('ALL: $TARGET$ # port $PORT$ ($MODE$) [x]', '127.0.0.2');
    expect(p.test('ALL: 127.0.0.2 # port 143 (stcp) [x]')).toBe(true);
    expect(p.test('ALL: 127.0.0.2 # port 143 (stcp) x')).toBe(false);
    expect(p.test('ALL: 127.0.0.20 # port 1 (tcp) [x]')).toBe(false);
  });

  it("removes one host's lines and keeps every other byte, a last line without newline included", () => {
    const content =
      'ALL: 127.0.0.2 : DENY\r\nALL: 127.0.0.2 : DENY\n# keep\nALL: 127.0.0.3 : DENY\nALL: 127.0.0.2 : DENY';
    expect(withoutHostsDenyLines(content, 'ALL: $TARGET$ : DENY', '127.0.0.2')).toEqual({
      text: 'ALL: 127.0.0.2 : DENY\r\n# keep\nALL: 127.0.0.3 : DENY\n',
      removed: ['ALL: 127.0.0.2 : DENY', 'ALL: 127.0.0.2 : DENY'],
    });
    expect(withoutHostsDenyLines('a\nb', 'ALL: $TARGET$', '127.0.0.2')).toEqual({ text: 'a\nb', removed: [] });
  });
});

describe('hosts.deny lines of IPv6 hosts (ENABLE_IPV6)', () => {
  it('finds the "[addr]" lines KILL_HOSTS_DENY wrote, as canonical addresses', () => {
    const content =
      'ALL: [2001:db8::99] : DENY\nALL: 2001:db8::98 : DENY\nALL: [2001:DB8:0::97] : DENY\nALL: [fe80::1%lo] : DENY\n';
    expect(hostsDenyEntries(content, 'ALL: $TARGET$ : DENY')).toEqual([
      { address: '2001:db8::99', line: 1, text: 'ALL: [2001:db8::99] : DENY' },
      { address: '2001:db8::97', line: 3, text: 'ALL: [2001:DB8:0::97] : DENY' },
    ]);
    expect(hostsDenyPattern('ALL: $TARGET$', '2001:db8::99').test('ALL: [2001:db8::99]')).toBe(true);
    expect(hostsDenyPattern('ALL: $TARGET$', '2001:db8::99').test('ALL: [2001:db8::9]')).toBe(false);
  });
  it("removes an IPv6 host's lines in any text form, and nobody else's", () => {
    const content = 'ALL: [2001:db8::99]\nALL: [2001:db8::999]\nALL: [2001:DB8::0099]\nALL: 127.0.0.2\n';
    expect(withoutHostsDenyLines(content, 'ALL: $TARGET$', '2001:db8::99')).toEqual({
      text: 'ALL: [2001:db8::999]\nALL: 127.0.0.2\n',
      removed: ['ALL: [2001:db8::99]', 'ALL: [2001:DB8::0099]'],
    });
    expect(withoutHostsDenyLines(content, 'ALL: $TARGET$', null).text).toBe('');
  });
});
