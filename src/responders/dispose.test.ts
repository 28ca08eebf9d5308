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
});
