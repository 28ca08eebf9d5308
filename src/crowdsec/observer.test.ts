import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hit } from '../engine/detection.js';
import type { LapiAlert } from './alert.js';
import { AlertQueue } from './alert-queue.js';
import { crowdsecObserver } from './observer.js';
import { Spool } from './spool.js';

const dirs: string[] = [];
const queues: AlertQueue[] = [];
afterEach(() => {
  for (const q of queues.splice(0)) q.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** a queue whose API never answers, so that what was queued stays there to be looked at */
const observed = (when: 'blocked' | 'detected') => {
  const dir = mkdtempSync(join(tmpdir(), 'ps-observer-'));
  dirs.push(dir);
  const queued: LapiAlert[] = [];
  const queue = new AlertQueue({
    spool: new Spool(dir),
    emit: () => undefined,
    client: () => ({ loggedIn: false, pushAlerts: () => new Promise<string[]>(() => undefined) }),
  });
  queues.push(queue);
  const enqueue = queue.enqueue.bind(queue);
  queue.enqueue = (a) => {
    queued.push(a);
    enqueue(a);
  };
  return { o: crowdsecObserver(queue, { when, scenario: 'portsentry/port-scan', mode: 'stcp', capacity: 0 }), queued };
};

const hit = (target: string): Hit => ({ target, proto: 'TCP', port: 23, kind: 'stealth', scanType: 'TCP FIN scan' });
const line = (t: string) => `attackalert: TCP FIN scan from host: ${t}/${t} to TCP port: 23`;

describe('crowdsecObserver', () => {
  it('with CROWDSEC_PUSH="blocked" pushes a host once it is blocked, with the attack line it triggered with', () => {
    const { o, queued } = observed('blocked');
    const h = hit('127.0.0.5');
    o.hit?.(h);
    o.triggered?.(h, '127.0.0.5', line('127.0.0.5'));
    expect(queued).toEqual([]);
    o.blocked?.(h, '127.0.0.5');
    expect(queued.map((a) => [a.source.value, a.message, a.events[0]!.meta[5]])).toEqual([
      ['127.0.0.5', line('127.0.0.5'), { key: 'scan_type', value: 'TCP FIN scan' }],
    ]);
  });
  it('with "blocked" pushes nothing for a host that triggered but was already blocked or could not be blocked', () => {
    const { o, queued } = observed('blocked');
    const h = hit('127.0.0.6');
    o.triggered?.(h, '127.0.0.6', line('127.0.0.6'));
    o.alreadyBlocked?.(h);
    o.responseFailed?.(h);
    expect(queued).toEqual([]);
  });
  it('with CROWDSEC_PUSH="detected" pushes every host that triggers', () => {
    const { o, queued } = observed('detected');
    o.triggered?.(hit('fd00::2'), 'fd00::2', line('fd00::2'));
    expect(queued.map((a) => a.source)).toEqual([{ scope: 'Ip', value: 'fd00::2', ip: 'fd00::2' }]);
  });
  it('never pushes an ignored host', () => {
    for (const when of ['blocked', 'detected'] as const) {
      const { o, queued } = observed(when);
      o.hit?.(hit('127.0.0.1'));
      o.ignored?.(hit('127.0.0.1'));
      expect(queued).toEqual([]);
    }
  });
});
