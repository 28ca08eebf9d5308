import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispose } from './dispose.js';
import type { Settings } from '../config/settings.js';

const dir = mkdtempSync(join(tmpdir(), 'ps-dispose-'));

const settings = (over: Partial<Settings>): Settings => ({
  mode: 'tcp',
  configPath: '/c',
  blockTcp: 1,
  blockUdp: 1,
  resolveHost: 0,
  triggerCount: 0,
  killRoute: '',
  killHostsDeny: '',
  killRunCmd: '',
  runCmdFirst: 0,
  blockedFile: join(dir, 'b'),
  historyFile: join(dir, 'h'),
  ignoreFile: join(dir, 'i'),
  extensions: { ipv6: false, killRoute6: '', crowdsec: null },
  ...over,
});

describe('dispose', () => {
  it('runs the route then the command, or the command first with KILL_RUN_CMD_FIRST', async () => {
    const out = join(dir, 'order1');
    const s = { killRoute: `echo route $TARGET$ >> ${out}`, killRunCmd: `echo cmd $PORT$ >> ${out}` };
    const lines: string[] = [];
    expect(await dispose(settings(s), 'TCP', '127.0.0.2', 11, (t) => lines.push(t))).toBe(true);
    expect(readFileSync(out, 'latin1')).toBe('route 127.0.0.2\ncmd 11\n');
    expect(lines).toEqual([
      `attackalert: Host 127.0.0.2 has been blocked via dropped route using command: "echo route 127.0.0.2 >> ${out}"`,
      `attackalert: External command run for host: 127.0.0.2 using command: "echo cmd 11 >> ${out}"`,
    ]);
    const out2 = join(dir, 'order2');
    await dispose(
      settings({ killRoute: `echo route >> ${out2} $TARGET$`, killRunCmd: `echo cmd >> ${out2}`, runCmdFirst: 1 }),
      'TCP',
      '127.0.0.2',
      11,
      () => undefined,
    );
    expect(readFileSync(out2, 'latin1')).toBe('cmd\nroute 127.0.0.2\n');
  });
  it('keeps the order when the first response outlasts the wait in the call, and says so by a promise', async () => {
    const out = join(dir, 'slow-first');
    const lines: string[] = [];
    const s = settings({
      killRoute: `echo route $TARGET$ >> ${out}`,
      killRunCmd: `sleep 0.1; echo cmd >> ${out}`,
      runCmdFirst: 1,
    });
    const outcome = dispose(s, 'TCP', '127.0.0.2', 11, (t) => lines.push(t));
    expect(outcome).toBeInstanceOf(Promise);
    expect(lines).toEqual([]);
    expect(await outcome).toBe(true);
    expect(readFileSync(out, 'latin1')).toBe('cmd\nroute 127.0.0.2\n');
    expect(lines).toEqual([
      `attackalert: External command run for host: 127.0.0.2 using command: "sleep 0.1; echo cmd >> ${out}"`,
      `attackalert: Host 127.0.0.2 has been blocked via dropped route using command: "echo route 127.0.0.2 >> ${out}"`,
    ]);
  });
  it('runs only the command with BLOCK 2', async () => {
    const out = join(dir, 'only');
    await dispose(
      settings({ blockUdp: 2, killRoute: `echo route $TARGET$ >> ${out}`, killRunCmd: `echo cmd >> ${out}` }),
      'UDP',
      '127.0.0.2',
      7,
      () => undefined,
    );
    expect(readFileSync(out, 'latin1')).toBe('cmd\n');
  });
  it('logs that the response is ignored with BLOCK 0 and still reports success', async () => {
    const lines: string[] = [];
    expect(await dispose(settings({ blockTcp: 0 }), 'TCP', '127.0.0.2', 1, (t) => lines.push(t))).toBe(true);
    expect(lines).toEqual(['attackalert: Ignoring TCP response per configuration file setting.']);
  });
  it('reports failure when a response refuses to run, and still runs the others', async () => {
    const out = join(dir, 'fail');
    const lines: string[] = [];
    const ok = await dispose(
      settings({ killRoute: 'no target here', killRunCmd: `echo ran >> ${out}` }),
      'TCP',
      '127.0.0.2',
      1,
      (t) => lines.push(t),
    );
    expect(ok).toBe(false);
    expect(readFileSync(out, 'latin1')).toBe('ran\n');
    expect(lines[0]).toBe('adminalert: No target variable specified in KILL_ROUTE option. Skipping.\n');
  });

  describe('for an IPv6 host (ENABLE_IPV6)', () => {
    const v6 = (killRoute6: string) => ({ extensions: { ipv6: true, killRoute6, crowdsec: null } });
    it('runs KILL_ROUTE6 in place of KILL_ROUTE, and KILL_RUN_CMD as for IPv4', async () => {
      const out = join(dir, 'v6-route');
      const lines: string[] = [];
      const ok = await dispose(
        settings({
          ...v6(`echo route6 $TARGET$ >> ${out}`),
          killRoute: `echo route4 $TARGET$ >> ${out}`,
          killRunCmd: `echo cmd $TARGET$ >> ${out}`,
        }),
        'TCP',
        '2001:db8::99',
        143,
        (t) => lines.push(t),
      );
      expect(ok).toBe(true);
      expect(readFileSync(out, 'latin1')).toBe('route6 2001:db8::99\ncmd 2001:db8::99\n');
      expect(lines).toEqual([
        `attackalert: Host 2001:db8::99 has been blocked via dropped route using command: "echo route6 2001:db8::99 >> ${out}"`,
        `attackalert: External command run for host: 2001:db8::99 using command: "echo cmd 2001:db8::99 >> ${out}"`,
      ]);
    });
    it('never runs KILL_ROUTE with an IPv6 address: without KILL_ROUTE6 one line says why, and the host still counts as handled', async () => {
      const out = join(dir, 'v6-noroute');
      const lines: string[] = [];
      const ok = await dispose(
        settings({ ...v6(''), killRoute: `echo route4 $TARGET$ >> ${out}`, killRunCmd: `echo cmd >> ${out}` }),
        'UDP',
        'fd00::2',
        53,
        (t) => lines.push(t),
      );
      expect(ok).toBe(true);
      expect(readFileSync(out, 'latin1')).toBe('cmd\n');
      expect(lines).toEqual([
        'attackalert: Host fd00::2 has not been blocked via dropped route: KILL_ROUTE is for IPv4 hosts and no KILL_ROUTE6 is set for IPv6 hosts.',
        `attackalert: External command run for host: fd00::2 using command: "echo cmd >> ${out}"`,
      ]);
    });
    it('runs KILL_ROUTE and not KILL_ROUTE6 for an IPv4 host', async () => {
      const out = join(dir, 'v6-ipv4');
      await dispose(
        settings({ ...v6(`echo route6 $TARGET$ >> ${out}`), killRoute: `echo route4 $TARGET$ >> ${out}` }),
        'TCP',
        '127.0.0.9',
        143,
        () => undefined,
      );
      expect(readFileSync(out, 'latin1')).toBe('route4 127.0.0.9\n');
    });
  });
});
