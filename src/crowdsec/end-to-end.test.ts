import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bouncer, Daemon, daemonConfig, Lapi, needsCrowdsec, pollFor } from '../../test-support/crowdsec-fixture.js';
import { firstReason, needsNft, nftPath, titled } from '../../test-support/guards.js';
import { Netns } from '../../test-support/netns-fixture.js';

const SKIP = firstReason(needsNft(), needsCrowdsec());
const PORT = 4001;
const BIN = new URL('../../bin/portsentry', import.meta.url).pathname;

/** `portsentry crowdsec VERB` for a daemon's config, state and spool folders */
const cli = (verb: 'status' | 'test', d: Daemon, json = false): string[] => [
  process.execPath,
  BIN,
  'crowdsec',
  verb,
  '--config',
  d.config,
  ...(verb === 'status'
    ? ['--state-dir', join(d.dir, 'run/portsentry'), '--spool-dir', join(d.dir, 'var-lib/portsentry/crowdsec-spool')]
    : []),
  ...(json ? ['--json'] : []),
];

/**
 * Two hosts: network namespaces A and B joined by a veth pair (fd00:1::1 on A, fd00:1::2 on B,
 * the only addresses outside loopback). B runs the Local API on [fd00:1::2]:8080; each host runs
 * our daemon (its own machine credentials) and crowdsec-firewall-bouncer in nftables mode.
 * Scanners are 127.0.0.x on the loopback of the host they scan.
 */
describe.skipIf(SKIP !== null)(titled('portsentry pushing to a real CrowdSec Local API', SKIP), () => {
  let a: Netns;
  let b: Netns;
  let dir: string;
  let lapi: Lapi;
  let daemonA: Daemon;
  let daemonB: Daemon;
  const bouncers: Bouncer[] = [];
  let credentialsA: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ps-crowdsec-'));
    a = Netns.create(nftPath());
    b = Netns.create(nftPath());
    execFileSync('ip', ['-n', a.name, 'link', 'add', 'vA', 'type', 'veth', 'peer', 'name', 'vB', 'netns', b.name]);
    for (const [ns, dev, addr] of [
      [a, 'vA', 'fd00:1::1/64'],
      [b, 'vB', 'fd00:1::2/64'],
    ] as const) {
      execFileSync('ip', ['-n', ns.name, 'addr', 'add', addr, 'dev', dev, 'nodad']);
      execFileSync('ip', ['-n', ns.name, 'link', 'set', dev, 'up']);
    }
    lapi = new Lapi(b, join(dir, 'lapi'), '[fd00:1::2]:8080');
    await lapi.start();
    lapi.cscli(['machines', 'add', 'cscli', '--auto', '--url', lapi.url]);
    const credA = lapi.addMachine('host-a', 'password-of-host-a-0123');
    const credB = lapi.addMachine('host-b', 'password-of-host-b-0123');
    for (const [ns, name] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      lapi.addBouncer(`bouncer-${name}`, `bouncer-key-${name}-0123456789`);
      const bouncer = new Bouncer(ns, join(dir, `bouncer-${name}`), lapi.url, `bouncer-key-${name}-0123456789`);
      await bouncer.start();
      bouncers.push(bouncer);
    }
    daemonA = new Daemon(a, join(dir, 'host-a'));
    daemonA.config = daemonConfig(daemonA.dir, PORT, credA);
    daemonB = new Daemon(b, join(dir, 'host-b'));
    daemonB.config = daemonConfig(daemonB.dir, PORT, credB);
    credentialsA = credA;
    await daemonA.start();
    await daemonB.start();
  });

  afterAll(async () => {
    await daemonA?.stop();
    await daemonB?.stop();
    for (const x of bouncers) await x.stop();
    await lapi?.stop();
    a?.destroy();
    b?.destroy();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("blocks a scanner of host A on host B: it is in B's bouncer set and its packets to B are dropped", async () => {
    expect(a.connect(PORT, '127.0.0.5')).toBe('connected');
    await pollFor('the attack line on host A', 10_000, () =>
      daemonA.output.includes('attackalert: Connect from host: 127.0.0.5/127.0.0.5 to TCP port: 4001')
        ? true
        : undefined,
    );
    await pollFor("127.0.0.5 in host B's nft set", 30_000, () =>
      bouncers[1]!.banned().includes('127.0.0.5') ? true : undefined,
    );
    expect(b.probe(4002, ['127.0.0.5', '127.0.0.6'])).toEqual({ '127.0.0.5': 'failed', '127.0.0.6': 'connected' });
    const [alert] = lapi.alerts().filter((x) => x.source.value === '127.0.0.5');
    expect(alert).toMatchObject({
      scenario: 'portsentry/port-scan',
      message: 'attackalert: Connect from host: 127.0.0.5/127.0.0.5 to TCP port: 4001',
      machine_id: 'host-a',
      source: { scope: 'Ip', value: '127.0.0.5', ip: '127.0.0.5' },
      decisions: [expect.objectContaining({ type: 'ban', value: '127.0.0.5' })],
    });
    expect(Object.fromEntries(alert!.events[0]!.meta.map((m) => [m.key, m.value]))).toMatchObject({
      destination_port: '4001',
      protocol: 'TCP',
      mode: 'tcp',
      scan_type: 'connect',
      source_ip: '127.0.0.5',
    });
  });

  it('loses no alert and sends none twice across an API outage and a daemon restart', async () => {
    await lapi.stop();
    const down = a.run(cli('status', daemonA));
    expect([down.code, down.stdout.split('\n')[3]]).toEqual([
      1,
      'login: failed: http://[fd00:1::2]:8080/v1/watchers/login: ECONNREFUSED',
    ]);
    expect(a.connect(PORT, '127.0.0.7')).toBe('connected');
    expect(a.connect(PORT, '127.0.0.8')).toBe('connected');
    await pollFor('the failing push logged', 20_000, () =>
      daemonA.output.includes('adminalert: WARNING: CrowdSec: cannot push alerts (') ? true : undefined,
    );
    expect(daemonA.output).toContain('attackalert: Connect from host: 127.0.0.8/127.0.0.8 to TCP port: 4001');
    await daemonA.stop();
    expect(readdirSync(daemonA.spoolDir).filter((n) => n.endsWith('.json'))).toHaveLength(2);

    // the connections the first run accepted hold its port a while (TIME_WAIT; 1.2 binds without SO_REUSEADDR)
    daemonA.config = daemonConfig(daemonA.dir, PORT + 2, credentialsA);
    await daemonA.start();
    expect(daemonA.output).toContain(
      `adminalert: CrowdSec: 2 alerts left in /var/lib/portsentry/crowdsec-spool/tcp by the previous run are queued.\n`,
    );
    await lapi.start();
    const alerts = await pollFor('both alerts at the API', 60_000, () => {
      const all = lapi.alerts();
      return ['127.0.0.7', '127.0.0.8'].every((ip) => all.some((x) => x.source.value === ip)) ? all : undefined;
    });
    await pollFor('the spool emptied', 10_000, () =>
      readdirSync(daemonA.spoolDir).filter((n) => n.endsWith('.json')).length === 0 ? true : undefined,
    );
    // the state file is written at most twice a second
    await pollFor('the state file showing nothing queued', 10_000, () => {
      const state = JSON.parse(readFileSync(daemonA.stateFile, 'utf8')) as { queued: number; dropped: number };
      return state.queued === 0 && state.dropped === 0 ? true : undefined;
    });
    const fromA = lapi.alerts().filter((x) => x.machine_id === 'host-a');
    expect(fromA.length).toBeGreaterThanOrEqual(alerts.filter((x) => x.machine_id === 'host-a').length);
    expect(fromA.map((x) => x.source.value).sort()).toEqual(['127.0.0.5', '127.0.0.7', '127.0.0.8']);
    const ids = fromA.map((x) => x.events[0]!.meta.find((m) => m.key === 'portsentry_alert_id')?.value);
    expect(new Set(ids).size).toBe(3);
  });

  it('crowdsec status says the machine logs in and what the daemon sent; crowdsec test pushes an alert cscli can delete', () => {
    const status = a.run(cli('status', daemonA, true));
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      url: 'http://[fd00:1::2]:8080/',
      machine: 'host-a',
      scenario: 'portsentry/port-scan',
      push: 'blocked',
      login: { ok: true },
      daemons: [
        {
          mode: 'tcp',
          running: true,
          queued: 0,
          spooled: 0,
          sent: 2,
          dropped: 0,
          rejected: 0,
          lastError: expect.anything() as unknown,
        },
      ],
    });
    const pushed = a.run(cli('test', daemonA, true));
    expect(pushed.code).toBe(0);
    const t = JSON.parse(pushed.stdout) as { alertId: string; cleanup: string[] };
    const found = lapi.alerts().filter((x) => x.scenario === 'portsentry/test');
    expect(found.map((x) => [String(x.id), x.source.value, x.machine_id])).toEqual([
      [t.alertId, '192.0.2.1', 'host-a'],
    ]);
    expect(t.cleanup).toEqual([`cscli alerts delete --id ${t.alertId}`, 'cscli decisions delete --ip 192.0.2.1']);
    for (const command of t.cleanup) lapi.cscli(command.split(' ').slice(1));
    expect(lapi.alerts().filter((x) => x.scenario === 'portsentry/test')).toEqual([]);
  });

  it('crowdsec status and test report a wrong password as the 401 the real API answers', () => {
    const wrong = join(dir, 'wrong.yaml');
    writeFileSync(wrong, `url: ${lapi.url}\nlogin: host-a\npassword: not-the-password\n`, { mode: 0o600 });
    const config = daemonConfig(join(dir, 'wrong'), PORT + 4, wrong);
    const status = a.run([
      process.execPath,
      BIN,
      'crowdsec',
      'status',
      '--config',
      config,
      '--state-dir',
      join(dir, 'none'),
    ]);
    expect([status.code, status.stdout.split('\n')[3]]).toEqual([
      1,
      'login: failed: login as "host-a" refused (401): "{\\"code\\":401,\\"message\\":\\"incorrect Username or Password\\"}"',
    ]);
    const pushed = a.run([process.execPath, BIN, 'crowdsec', 'test', '--config', config]);
    expect([pushed.code, pushed.stderr]).toEqual([
      1,
      'portsentry crowdsec test: login as "host-a" refused (401): "{\\"code\\":401,\\"message\\":\\"incorrect Username or Password\\"}"\n',
    ]);
  });
});
