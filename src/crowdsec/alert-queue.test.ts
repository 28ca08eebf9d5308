import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAlert, type LapiAlert } from './alert.js';
import { AlertQueue, type AlertSink } from './alert-queue.js';
import { LapiError } from './lapi-client.js';
import { Spool } from './spool.js';

const alertFor = (n: number): LapiAlert =>
  buildAlert(
    {
      target: `127.0.0.${n}`,
      proto: 'TCP',
      port: 1,
      mode: 'tcp',
      scanType: 'connect',
      line: `line ${n}`,
      at: new Date(0),
    },
    'portsentry/port-scan',
    0,
    `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  );

/** an API that answers each POST with the next of `answers` ('ok', or the error to throw), then 'ok' */
const sink = (answers: ('ok' | LapiError)[]) => {
  const posts: string[][] = [];
  const s: AlertSink = {
    loggedIn: true,
    pushAlerts: (alerts) => {
      posts.push(alerts.map((a) => a.source.value));
      const answer = answers.shift() ?? 'ok';
      return answer === 'ok' ? Promise.resolve(alerts.map((_, n) => String(n))) : Promise.reject(answer);
    },
  };
  return { s, posts };
};

describe('AlertQueue', () => {
  let dir: string;
  let lines: string[];
  const queues: AlertQueue[] = [];
  const make = (client: () => AlertSink, extra: Partial<ConstructorParameters<typeof AlertQueue>[0]> = {}) => {
    const mine = lines;
    const q = new AlertQueue({ spool: new Spool(dir), client, emit: (t) => mine.push(t), minBackoffMs: 5, ...extra });
    queues.push(q);
    return q;
  };
  const spooled = () => readdirSync(dir).filter((n) => n.endsWith('.json')).length;
  const until = async (what: () => boolean) => {
    for (let i = 0; i < 400 && !what(); i++) await new Promise((r) => setTimeout(r, 5));
    expect(what()).toBe(true);
    for (const q of queues) await q.idle();
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ps-queue-'));
    lines = [];
  });
  afterEach(() => {
    for (const q of queues.splice(0)) q.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the alerts in the order they came and leaves nothing in the spool', async () => {
    const { s, posts } = sink([]);
    const q = make(() => s);
    q.enqueue(alertFor(1));
    q.enqueue(alertFor(2));
    await until(() => q.state.sent === 2);
    expect(posts.flat()).toEqual(['127.0.0.1', '127.0.0.2']);
    expect(spooled()).toBe(0);
    expect(lines).toEqual([]);
  });

  it('retries after a failure, logs it once, and says so when the API takes alerts again', async () => {
    const down = new LapiError('unreachable', 'login', 'http://127.0.0.1:8080/v1/watchers/login: ECONNREFUSED');
    const { s, posts } = sink([down, down, 'ok']);
    const q = make(() => s);
    q.enqueue(alertFor(1));
    await until(() => q.state.sent === 1);
    expect(posts).toHaveLength(3);
    expect(lines).toEqual([
      'adminalert: WARNING: CrowdSec: cannot push alerts (http://127.0.0.1:8080/v1/watchers/login: ECONNREFUSED); 1 queued, retrying.\n',
      'adminalert: CrowdSec: pushing alerts again; 1 sent so far.\n',
    ]);
  });

  it('drops alerts past its bound, counts them and logs the count', () => {
    const down = new LapiError('failed', 'alerts', 'alerts: expected status 201, found 500: (empty body)', 500);
    const { s } = sink(Array.from({ length: 50 }, () => down));
    const q = make(() => s, { maxQueued: 3, minBackoffMs: 60_000 });
    for (let n = 1; n <= 5; n++) q.enqueue(alertFor(n));
    expect(q.state).toMatchObject({ queued: 3, dropped: 2 });
    expect(lines).toContain('adminalert: ERROR: CrowdSec: queue full (3 alerts); 1 dropped so far.\n');
    q.stop();
    expect(lines.at(-1)).toBe('adminalert: ERROR: CrowdSec: queue full (3 alerts); 2 dropped so far.\n');
    expect(spooled()).toBe(3);
  });

  it('drops for good what the API rejects (a 400), counted, and goes on with the rest', async () => {
    const bad = new LapiError('rejected', 'alerts', 'alerts: expected status 201, found 400: "bad"', 400);
    const { s } = sink([bad]);
    const q = make(() => s, { batch: 1 });
    q.enqueue(alertFor(1));
    q.enqueue(alertFor(2));
    await until(() => q.state.sent === 1);
    expect(q.state).toMatchObject({ rejected: 1, queued: 0 });
    expect(lines).toEqual([
      'adminalert: ERROR: CrowdSec: the Local API rejected alerts (alerts: expected status 201, found 400: "bad"); 1 dropped so far.\n',
    ]);
  });

  it('sends after a restart what the previous run left in the spool, once', async () => {
    const down = new LapiError('unreachable', 'login', 'down');
    const first = make(() => sink(Array.from({ length: 50 }, () => down)).s, { minBackoffMs: 60_000 });
    first.enqueue(alertFor(1));
    first.enqueue(alertFor(2));
    first.stop(); // what the exit handler does
    expect(spooled()).toBe(2);

    const { s, posts } = sink([]);
    const second = make(() => s);
    second.loadSpool();
    await until(() => second.state.sent === 2);
    expect(posts.flat()).toEqual(['127.0.0.1', '127.0.0.2']);
    expect(lines.at(-1)).toBe(`adminalert: CrowdSec: 2 alerts left in ${dir} by the previous run are queued.\n`);
    expect(spooled()).toBe(0);
  });
});
