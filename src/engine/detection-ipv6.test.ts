import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Settings } from '../config/settings.js';
import { Engine, type Hit } from './detection.js';

const dir = mkdtempSync(join(tmpdir(), 'ps-engine6-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const settingsFor = (name: string, over: Partial<Settings> = {}): Settings => {
  writeFileSync(join(dir, `${name}.ignore`), '127.0.0.1\n::1\nfd00::/64\n2001:db8::/32\n');
  writeFileSync(join(dir, `${name}.blocked`), '');
  return {
    mode: 'tcp',
    configPath: join(dir, 'portsentry.conf'),
    blockTcp: 1,
    blockUdp: 1,
    resolveHost: 0,
    triggerCount: 0,
    killRoute: `echo route4 $TARGET$ >> ${join(dir, `${name}.out`)}`,
    killHostsDeny: '',
    killRunCmd: `echo cmd $TARGET$ $PORT$ >> ${join(dir, `${name}.out`)}`,
    runCmdFirst: 0,
    blockedFile: join(dir, `${name}.blocked`),
    historyFile: join(dir, `${name}.history`),
    ignoreFile: join(dir, `${name}.ignore`),
    extensions: { ipv6: true, killRoute6: `echo route6 $TARGET$ >> ${join(dir, `${name}.out`)}`, crowdsec: null },
    ...over,
  };
};

const classic = (target: string, port = 143): Hit => ({ target, proto: 'TCP', port, kind: 'classic' });
const read = (name: string, ext: string): string => {
  try {
    return readFileSync(join(dir, `${name}.${ext}`), 'latin1');
  } catch {
    return '';
  }
};
/** a blocked/history line with its time replaced */
const timeless = (text: string): string => text.replace(/^\d+ - \d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d /gm, 'T ');

describe('the engine with ENABLE_IPV6, fed IPv6 hits', () => {
  it('ignores listed IPv6 hosts and prefixes, blocks the others with KILL_ROUTE6 and writes the same lines as for IPv4', async () => {
    const lines: string[] = [];
    const engine = new Engine(settingsFor('a'), (t) => lines.push(t));
    await engine.handle(classic('::1'));
    await engine.handle(classic('fd00::7'));
    await engine.handle(classic('2001:db8:1::5'));
    await engine.handle(classic('fd00:0:0:1::9'));
    await engine.handle(classic('fd00:0:0:1::9', 110));
    const out = join(dir, 'a.out');
    expect(lines).toEqual([
      'attackalert: Connect from host: fd00:0:0:1::9/fd00:0:0:1::9 to TCP port: 143',
      `attackalert: Host fd00:0:0:1::9 has been blocked via dropped route using command: "echo route6 fd00:0:0:1::9 >> ${out}"`,
      `attackalert: External command run for host: fd00:0:0:1::9 using command: "echo cmd fd00:0:0:1::9 143 >> ${out}"`,
      'attackalert: Connect from host: fd00:0:0:1::9/fd00:0:0:1::9 to TCP port: 110',
      'attackalert: Host: fd00:0:0:1::9 is already blocked. Ignoring',
    ]);
    expect(read('a', 'out')).toBe('route6 fd00:0:0:1::9\ncmd fd00:0:0:1::9 143\n');
    expect(timeless(read('a', 'blocked'))).toBe('T Host: fd00:0:0:1::9/fd00:0:0:1::9 Port: 143 TCP Blocked\n');
    expect(read('a', 'history')).toBe(read('a', 'blocked'));
  });
  it('keeps IPv4 hosts on their 1.2 path beside IPv6 ones: KILL_ROUTE for them, and separate trigger counts', async () => {
    const lines: string[] = [];
    const engine = new Engine(settingsFor('b', { triggerCount: 2, blockTcp: 2 }), (t) => lines.push(t));
    await engine.handle(classic('2001:db9::99'));
    await engine.handle(classic('127.0.0.5'));
    await engine.handle(classic('2001:db9::98'));
    await engine.handle(classic('2001:db9::99'));
    await engine.handle(classic('127.0.0.5'));
    const out = join(dir, 'b.out');
    expect(lines).toEqual([
      'attackalert: Connect from host: 2001:db9::99/2001:db9::99 to TCP port: 143',
      `attackalert: External command run for host: 2001:db9::99 using command: "echo cmd 2001:db9::99 143 >> ${out}"`,
      'attackalert: Connect from host: 127.0.0.5/127.0.0.5 to TCP port: 143',
      `attackalert: External command run for host: 127.0.0.5 using command: "echo cmd 127.0.0.5 143 >> ${out}"`,
    ]);
    expect(timeless(read('b', 'blocked'))).toBe(
      'T Host: 2001:db9::99/2001:db9::99 Port: 143 TCP Blocked\nT Host: 127.0.0.5/127.0.0.5 Port: 143 TCP Blocked\n',
    );
  });
  it('says that KILL_ROUTE was not run for an IPv6 host when no KILL_ROUTE6 is set, and still writes it as blocked', async () => {
    const lines: string[] = [];
    const s = settingsFor('c', { killRunCmd: '' });
    const engine = new Engine({ ...s, extensions: { ipv6: true, killRoute6: '', crowdsec: null } }, (t) =>
      lines.push(t),
    );
    await engine.handle({ target: '2001:db9::7', proto: 'UDP', port: 53, kind: 'stealth' });
    expect(lines).toEqual([
      'attackalert: UDP scan from host: 2001:db9::7/2001:db9::7 to UDP port: 53',
      'attackalert: Host 2001:db9::7 has not been blocked via dropped route: KILL_ROUTE is for IPv4 hosts and no KILL_ROUTE6 is set for IPv6 hosts.',
    ]);
    expect(read('c', 'out')).toBe('');
    expect(timeless(read('c', 'blocked'))).toBe('T Host: 2001:db9::7/2001:db9::7 Port: 53 UDP Blocked\n');
  });
  it('without the key, does nothing at all with an IPv6 hit (no detector hands one over then)', async () => {
    const lines: string[] = [];
    const s = settingsFor('d');
    const engine = new Engine({ ...s, extensions: { ipv6: false, killRoute6: '', crowdsec: null } }, (t) =>
      lines.push(t),
    );
    await engine.handle(classic('2001:db9::7'));
    expect(lines).toEqual([]);
    expect(read('d', 'blocked')).toBe('');
    expect(read('d', 'out')).toBe('');
  });
  it('finds an IPv6 host already blocked by a line written before the daemon started, in another text form', async () => {
    const lines: string[] = [];
    const s = settingsFor('e');
    writeFileSync(s.blockedFile, '1795598147 - 11/25/2026 09:15:47 Host: x/2001:DB9:0::7 Port: 11 TCP Blocked\n');
    const engine = new Engine(s, (t) => lines.push(t));
    await engine.handle({
      target: '2001:db9::7',
      proto: 'TCP',
      port: 80,
      kind: 'stealth',
      scanType: 'TCP SYN/Normal scan',
    });
    expect(lines).toEqual([
      'attackalert: TCP SYN/Normal scan from host: 2001:db9::7/2001:db9::7 to TCP port: 80',
      'attackalert: Host: 2001:db9::7/2001:db9::7 is already blocked Ignoring',
    ]);
  });
});
