import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstReason, needsProgram, titled } from '../../test-support/guards.js';
import { buildResponse, targetValue } from './kill-commands.js';

const build = (option: 'KILL_ROUTE' | 'KILL_HOSTS_DENY' | 'KILL_RUN_CMD', template: string, target = '127.0.0.2') => {
  const lines: string[] = [];
  return { text: buildResponse(option, template, target, 79, 'tcp', (t) => lines.push(t)), lines };
};

describe('buildResponse', () => {
  it('substitutes $TARGET$, $PORT$ and $MODE$', () => {
    expect(build('KILL_ROUTE', '/sbin/iptables -I INPUT -s $TARGET$ -j DROP # $PORT$ $MODE$')).toEqual({
      text: '/sbin/iptables -I INPUT -s 127.0.0.2 -j DROP # 79 tcp',
      lines: [],
    });
  });
  it('refuses KILL_ROUTE and KILL_HOSTS_DENY without $TARGET$, with 1.2 text', () => {
    expect(build('KILL_ROUTE', '/sbin/route add reject').lines).toEqual([
      'adminalert: No target variable specified in KILL_ROUTE option. Skipping.\n',
    ]);
    expect(build('KILL_HOSTS_DENY', 'ALL: everyone').lines).toEqual([
      'adminalert: No target variable specified in KILL_HOSTS_DENY option. Skipping.\n',
    ]);
  });
  it('runs KILL_RUN_CMD without $TARGET$', () => {
    expect(build('KILL_RUN_CMD', '/usr/local/bin/alert')).toEqual({ text: '/usr/local/bin/alert', lines: [] });
  });
  it('reports the token 1.2 could not substitute when the line is too long', () => {
    expect(build('KILL_RUN_CMD', `$PORT$${'a'.repeat(1015)}`).lines).toEqual([
      'adminalert: Error trying to parse $PORT$ Token for KILL_RUN_CMD. Skipping.\n',
    ]);
  });
  it('cleans the address before it reaches the shell', () => {
    expect(build('KILL_RUN_CMD', 'echo $TARGET$', '1.2.3.4;touch /tmp/x').text).toBe('echo 1.2.3.4');
  });
});

describe('buildResponse for an IPv6 host (ENABLE_IPV6)', () => {
  const build6 = (
    option: 'KILL_ROUTE' | 'KILL_ROUTE6' | 'KILL_HOSTS_DENY' | 'KILL_RUN_CMD',
    template: string,
    target: string,
  ) => {
    const lines: string[] = [];
    return { text: buildResponse(option, template, target, 143, 'tcp', (t) => lines.push(t), true), lines };
  };
  it('gives $TARGET$ the canonical address, cleaned to hexadecimal digits and colons', () => {
    expect(build6('KILL_ROUTE6', '/usr/sbin/ip6tables -I INPUT -s $TARGET$ -j DROP', '2001:db8::99').text).toBe(
      '/usr/sbin/ip6tables -I INPUT -s 2001:db8::99 -j DROP',
    );
    expect(build6('KILL_RUN_CMD', 'echo $TARGET$ $PORT$', '2001:db8::99;reboot').text).toBe('echo 2001:db8::99 143');
  });
  it('writes the address in brackets in KILL_HOSTS_DENY, the form tcp_wrappers matches', () => {
    expect(build6('KILL_HOSTS_DENY', 'ALL: $TARGET$ : DENY', '2001:db8::99').text).toBe('ALL: [2001:db8::99] : DENY');
  });
  it("refuses KILL_ROUTE6 without $TARGET$, with 1.2's text naming it", () => {
    expect(build6('KILL_ROUTE6', 'ip6tables -F', 'fd00::2')).toEqual({
      text: null,
      lines: ['adminalert: No target variable specified in KILL_ROUTE6 option. Skipping.\n'],
    });
  });
  it('cleans an IPv4 host as 1.2 does, also with ENABLE_IPV6 on', () => {
    expect(targetValue('KILL_HOSTS_DENY', '127.0.0.2', true)).toBe('127.0.0.2');
    expect(targetValue('KILL_HOSTS_DENY', 'fd00::2', false)).toBe('');
    expect(targetValue('KILL_HOSTS_DENY', 'fd00::2', true)).toBe('[fd00::2]');
  });
});

const TCPD = firstReason(needsProgram(['sh', '-c', 'command -v tcpdmatch']));

describe('the hosts.deny line of an IPv6 host, read by tcp_wrappers', () => {
  /** what Debian's tcpdmatch says of `client` with `deny` as hosts.deny and no hosts.allow */
  const access = (deny: string, client: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'ps-tcpd-'));
    try {
      writeFileSync(join(dir, 'hosts.deny'), deny);
      writeFileSync(join(dir, 'hosts.allow'), '');
      const out = execFileSync('tcpdmatch', ['-d', 'sshd', client], { cwd: dir, encoding: 'utf8' });
      return /^access: +(\S+)$/m.exec(out)![1]!;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  it.skipIf(TCPD !== null)(
    titled('denies the host with the line KILL_HOSTS_DENY writes, and not with the bare address', TCPD),
    () => {
      const line = buildResponse('KILL_HOSTS_DENY', 'ALL: $TARGET$', '2001:db8::1', 22, 'tcp', () => {}, true)!;
      expect(line).toBe('ALL: [2001:db8::1]');
      expect(access(`${line}\n`, '2001:db8::1')).toBe('denied');
      expect(access(`${line}\n`, '2001:db8::2')).toBe('granted');
      expect(access('ALL: 2001:db8::1\n', '2001:db8::1')).toBe('granted');
      // and the IPv4 line, unchanged
      expect(
        access(
          `${buildResponse('KILL_HOSTS_DENY', 'ALL: $TARGET$', '192.0.2.7', 22, 'tcp', () => {}, true)!}\n`,
          '192.0.2.7',
        ),
      ).toBe('denied');
    },
  );
});
