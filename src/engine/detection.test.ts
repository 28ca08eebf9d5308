import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Settings } from '../config/settings.js';
import { Engine, type EngineObserver, type Hit } from './detection.js';

const dir = mkdtempSync(join(tmpdir(), 'ps-engine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const settingsFor = (name: string, blockTcp: number, killRoute = ''): Settings => {
  writeFileSync(join(dir, `${name}.ignore`), '127.0.0.1\n');
  writeFileSync(join(dir, `${name}.blocked.tcp`), '');
  return {
    mode: 'tcp',
    configPath: join(dir, 'portsentry.conf'),
    blockTcp,
    blockUdp: 0,
    resolveHost: 0,
    triggerCount: 0,
    killRoute,
    killHostsDeny: '',
    killRunCmd: '',
    runCmdFirst: 0,
    blockedFile: join(dir, `${name}.blocked.tcp`),
    historyFile: join(dir, `${name}.history`),
    ignoreFile: join(dir, `${name}.ignore`),
    extensions: { ipv6: false, killRoute6: '', crowdsec: null },
  };
};

const hit = (target: string): Hit => ({ target, proto: 'TCP', port: 143, kind: 'classic' });

/** every observer call as a line, in order */
const recorder = (): { calls: string[]; observer: EngineObserver } => {
  const calls: string[] = [];
  return {
    calls,
    observer: {
      hit: (h) => calls.push(`hit ${h.target}`),
      ignored: (h) => calls.push(`ignored ${h.target}`),
      triggered: (h, resolved, line) => calls.push(`triggered ${h.target} ${resolved}: ${line}`),
      alreadyBlocked: (h) => calls.push(`alreadyBlocked ${h.target}`),
      blocked: (h, resolved) => calls.push(`blocked ${h.target} ${resolved}`),
      responseFailed: (h) => calls.push(`responseFailed ${h.target}`),
    },
  };
};

describe('the engine tells its observers what became of each hit', () => {
  it('reports an ignored host, a blocked one, and the same host again as already blocked, after what it logs', async () => {
    const lines: string[] = [];
    const engine = new Engine(settingsFor('a', 0), (t) => lines.push(t));
    const { calls, observer } = recorder();
    engine.observe(observer);
    await engine.handle(hit('127.0.0.1'));
    await engine.handle(hit('127.0.0.5'));
    await engine.handle(hit('127.0.0.5'));
    expect(calls).toEqual([
      'hit 127.0.0.1',
      'ignored 127.0.0.1',
      'hit 127.0.0.5',
      'triggered 127.0.0.5 127.0.0.5: attackalert: Connect from host: 127.0.0.5/127.0.0.5 to TCP port: 143',
      'blocked 127.0.0.5 127.0.0.5',
      'hit 127.0.0.5',
      'triggered 127.0.0.5 127.0.0.5: attackalert: Connect from host: 127.0.0.5/127.0.0.5 to TCP port: 143',
      'alreadyBlocked 127.0.0.5',
    ]);
    expect(lines).toEqual([
      'attackalert: Connect from host: 127.0.0.5/127.0.0.5 to TCP port: 143',
      'attackalert: Ignoring TCP response per configuration file setting.',
      'attackalert: Connect from host: 127.0.0.5/127.0.0.5 to TCP port: 143',
      'attackalert: Host: 127.0.0.5 is already blocked. Ignoring',
    ]);
  });
  it('reports a host whose response failed', async () => {
    const engine = new Engine(settingsFor('b', 1, '/bin/true'), () => undefined);
    const { calls, observer } = recorder();
    engine.observe(observer);
    await engine.handle(hit('127.0.0.6'));
    expect(calls.slice(-1)).toEqual(['responseFailed 127.0.0.6']);
  });
});
