import { describe, expect, it } from 'vitest';
import { buildResponse } from './kill-commands.js';

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
