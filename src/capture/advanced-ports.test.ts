import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Settings } from '../config/settings.js';
import { advancedPorts } from './advanced-ports.js';
import { stealthPorts } from './stealth-ports.js';

const settings = (configText: string, ipv6 = false): Settings =>
  ({
    mode: 'atcp',
    configPath: '/etc/portsentry/portsentry.conf',
    configText,
    extensions: { ipv6, killRoute6: '' },
  }) as Settings;

const run = (f: typeof advancedPorts, proto: 'TCP' | 'UDP', config: string, ipv6 = false) => {
  const lines: string[] = [];
  const spec = f(proto, settings(config, ipv6), (t) => lines.push(t));
  return { spec, lines };
};

/** a v6-only TCP listener on [::]:port (what a service bound to IPv6 alone holds) */
const listen6 = (port: number): Promise<net.Server> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port, host: '::', ipv6Only: true }, () => resolve(server));
  });

describe('advancedPorts', () => {
  it('assumes 1024 when ADVANCED_PORTS_TCP is missing, then says no port is excluded', () => {
    // limit 0 keeps the bind checks out of the test; the messages are those of 1.2
    const { lines } = run(advancedPorts, 'UDP', 'ADVANCED_PORTS_UDP="0"\n');
    expect(lines).toEqual([
      'adminalert: Advanced mode will monitor first 0 ports',
      'adminalert: Advanced mode will manually exclude no ports',
    ]);
  });
  it('logs each exclusion with its trailing space, then one "Ignored" line per port', () => {
    const { spec, lines } = run(advancedPorts, 'TCP', 'ADVANCED_PORTS_TCP="0"\nADVANCED_EXCLUDE_TCP="113,139,-5"\n');
    expect(lines).toEqual([
      'adminalert: Advanced mode will monitor first 0 ports',
      'adminalert: Advanced mode will manually exclude port: 113 ',
      'adminalert: Advanced mode will manually exclude port: 139 ',
      'adminalert: Advanced mode will manually exclude port: -5 ',
      'adminalert: Advanced Stealth scan detection mode activated. Ignored TCP port: 113\n',
      'adminalert: Advanced Stealth scan detection mode activated. Ignored TCP port: 139\n',
      'adminalert: Advanced Stealth scan detection mode activated. Ignored TCP port: -5\n',
    ]);
    expect(spec).toEqual({ proto: 'TCP', ports: { kind: 'below', limit: 0, except: [113, 139] }, inUse: [] });
  });
  it('takes the first exclusion and 64 more, as 1.2 loop does, and keeps them all without overflowing', () => {
    const list = Array.from({ length: 70 }, (_, i) => 2000 + i).join(',');
    const { spec, lines } = run(advancedPorts, 'TCP', `ADVANCED_PORTS_TCP="0"\nADVANCED_EXCLUDE_TCP="${list}"\n`);
    expect(lines.filter((l) => l.includes('manually exclude port')).length).toBe(65);
    expect(spec?.ports.kind === 'below' && spec.ports.except.length).toBe(65);
  });
  it('watches every port when nothing is in use or excluded (1.2 never compares the limit then)', () => {
    const { spec } = run(advancedPorts, 'UDP', 'ADVANCED_PORTS_UDP="0"\n');
    expect(spec).toEqual({ proto: 'UDP', ports: { kind: 'all' }, inUse: [] });
  });
  it('reads a negative limit as 1.2 unsigned int does: printed negative, compared as a huge number', () => {
    const { lines } = run(advancedPorts, 'UDP', 'ADVANCED_PORTS_UDP="-1"\nADVANCED_EXCLUDE_UDP="7"\n');
    expect(lines[0]).toBe('adminalert: Advanced mode will monitor first -1 ports');
  });
});

describe('stealthPorts', () => {
  it('announces each listed port and watches those it can bind', () => {
    const { spec, lines } = run(stealthPorts, 'UDP', 'UDP_PORTS="47401,47402"\n');
    expect(lines).toEqual([
      'adminalert: Going into stealth listen mode on UDP port: 47401\n',
      'adminalert: Going into stealth listen mode on UDP port: 47402\n',
    ]);
    expect(spec).toEqual({ proto: 'UDP', ports: { kind: 'list', ports: [47401, 47402] }, inUse: [] });
  });
  it('fails with 1.2 messages when the option is missing or empty', () => {
    expect(run(stealthPorts, 'TCP', 'UDP_PORTS="1"\n')).toEqual({
      spec: null,
      lines: ['adminalert: ERROR: Could not read TCP_PORTS option from config file'],
    });
    expect(run(stealthPorts, 'TCP', 'TCP_PORTS=","\n')).toEqual({
      spec: null,
      lines: ['adminalert: ERROR: No TCP ports supplied in config file. Aborting'],
    });
  });
});

describe('ENABLE_IPV6: the in-use checks cover IPv6 binds', () => {
  it('stealth: a port held on IPv6 only is reported as a port in use, and watched on IPv4 alone', async () => {
    const server = await listen6(47403);
    try {
      const { spec, lines } = run(stealthPorts, 'TCP', 'TCP_PORTS="47403,47404"\n', true);
      expect(lines).toEqual([
        'adminalert: Going into stealth listen mode on TCP port: 47403\n',
        'adminalert: ERROR: Socket 47403 is in use and will not be monitored. Attempting to continue\n',
        'adminalert: Going into stealth listen mode on TCP port: 47404\n',
      ]);
      expect(spec).toEqual({
        proto: 'TCP',
        ports: { kind: 'list', ports: [47403, 47404] },
        inUse: [],
        v6: { proto: 'TCP', ports: { kind: 'list', ports: [47404] } },
      });
    } finally {
      server.close();
    }
  });
  it('stealth: with the key off, the IPv6-only port is watched as 1.2 watches it, and no IPv6 plan is made', async () => {
    const server = await listen6(47405);
    try {
      const { spec, lines } = run(stealthPorts, 'TCP', 'TCP_PORTS="47405"\n');
      expect(lines).toEqual(['adminalert: Going into stealth listen mode on TCP port: 47405\n']);
      expect(spec).toEqual({ proto: 'TCP', ports: { kind: 'list', ports: [47405] }, inUse: [] });
    } finally {
      server.close();
    }
  });
  it('advanced: a port listening in /proc/net/tcp6 below the limit is ignored on IPv6, after the IPv4 lines', async () => {
    // the limit covers the listener; every port below it is probed on IPv4 as 1.2 does (all free here
    // but those the host's own services hold, which are IPv4 lines whatever the key says)
    const server = await listen6(3406);
    try {
      const { spec, lines } = run(
        advancedPorts,
        'TCP',
        'ADVANCED_PORTS_TCP="3407"\nADVANCED_EXCLUDE_TCP="113"\n',
        true,
      );
      const plain = run(advancedPorts, 'TCP', 'ADVANCED_PORTS_TCP="3407"\nADVANCED_EXCLUDE_TCP="113"\n');
      expect(lines).toEqual([
        ...plain.lines,
        'adminalert: Advanced Stealth scan detection mode activated. Ignored TCP port: 3406\n',
      ]);
      const { v6, ...v4 } = spec!;
      expect(v4).toEqual(plain.spec);
      expect(v6?.ports.kind === 'below' && v6.ports.except.slice(-1)).toEqual([3406]);
      expect(v6?.ports.kind === 'below' && v6.ports.limit).toBe(3407);
    } finally {
      server.close();
    }
  });
});
