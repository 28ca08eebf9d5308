import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exited, outputShows } from '../../test-support/child-output.js';
import { Daemon, daemonConfig, pollFor } from '../../test-support/crowdsec-fixture.js';
import { startFakeLapi, type FakeBehaviour } from '../../test-support/fake-lapi.js';
import { firstReason, needsMountNs, needsNetns, nftPath, titled } from '../../test-support/guards.js';
import { Netns } from '../../test-support/netns-fixture.js';

const SKIP = firstReason(needsNetns(), needsMountNs());
const PORT = 4011;
const API = 8081;

const attack = (ip: string) => `attackalert: Connect from host: ${ip}/${ip} to TCP port: ${PORT}`;
const blocked = (ip: string) =>
  `attackalert: Host ${ip} has been blocked via dropped route using command: "/bin/true ${ip}"`;

describe.skipIf(SKIP !== null)(titled('the push facing a Local API that fails', SKIP), () => {
  let ns: Netns;
  let dir: string;
  let fake: ChildProcess | null;
  let daemon: Daemon;
  let requests = '';

  const start = async (behaviour: FakeBehaviour): Promise<void> => {
    fake = await startFakeLapi(ns, API, behaviour);
    fake.stdout?.on('data', (b: Buffer) => (requests += b.toString()));
    const cred = join(dir, 'credentials.yaml');
    writeFileSync(cred, `url: http://127.0.0.1:${API}\nlogin: host-a\npassword: password-of-host-a\n`, { mode: 0o600 });
    daemon = new Daemon(ns, dir);
    daemon.config = daemonConfig(dir, PORT, cred);
    await daemon.start();
  };

  const scanTwice = async (): Promise<void> => {
    for (const ip of ['127.0.0.11', '127.0.0.12']) {
      expect(ns.connect(PORT, ip)).toBe('connected');
      await pollFor(`the block of ${ip}`, 10_000, () => (daemon.output.includes(blocked(ip)) ? true : undefined));
      expect(daemon.output).toContain(attack(ip));
    }
  };

  type State = { queued: number; lastError: { message: string } | null };
  const state = () => JSON.parse(readFileSync(daemon.stateFile, 'utf8')) as State;
  /** the state, or a state that satisfies no poll while the daemon has not written its first one yet */
  const stateSoFar = (): State => (existsSync(daemon.stateFile) ? state() : { queued: Number.NaN, lastError: null });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ps-crowdsec-fault-'));
    ns = Netns.create(nftPath());
    requests = '';
    fake = null;
  });

  afterEach(async () => {
    await daemon?.stop();
    if (fake !== null) {
      fake.kill('SIGTERM');
      await exited(fake);
    }
    ns.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('detects and blocks as usual while the API answers 500, keeps both alerts queued and logs the failure once', async () => {
    await start('500');
    await scanTwice();
    await pollFor('two alerts queued after a failure', 10_000, () => {
      const s = stateSoFar();
      return s.queued === 2 && s.lastError !== null ? s : undefined;
    });
    expect(state().lastError?.message).toMatch(/^alerts: expected status 201, found 500: /);
    expect(daemon.output.match(/CrowdSec: cannot push alerts/g)).toHaveLength(1);
    expect(daemon.output).toContain(
      'adminalert: WARNING: CrowdSec: cannot push alerts (alerts: expected status 201, found 500: "{\\"message\\":\\"database is locked\\"}"); ',
    );
  });

  it('detects and blocks a second scanner while the push of the first hangs', async () => {
    await start('hang');
    expect(ns.connect(PORT, '127.0.0.11')).toBe('connected');
    await pollFor('the hanging POST', 10_000, () => (requests.includes('POST /v1/alerts\n') ? true : undefined));
    expect(ns.connect(PORT, '127.0.0.12')).toBe('connected');
    await pollFor('the second block', 10_000, () => (daemon.output.includes(blocked('127.0.0.12')) ? true : undefined));
    // the first POST is still unanswered: nothing has timed out or been logged about it yet
    expect(daemon.output).not.toContain('CrowdSec: cannot push alerts');
    await outputShows(daemon.child!, 'no answer within 10 seconds');
    expect(state().queued).toBe(2);
  });

  it('keeps the alerts when the API answers 201 with a body that is not JSON', async () => {
    await start('garbage');
    await scanTwice();
    await pollFor('the garbage logged', 10_000, () =>
      daemon.output.includes('CrowdSec: cannot push alerts (alerts: expected JSON, found "<html>not json</html>")')
        ? true
        : undefined,
    );
    await pollFor('two alerts queued', 10_000, () => (stateSoFar().queued === 2 ? true : undefined));
  });

  it('logs in again when the API answers 401 to a token it gave, and sends the alert without logging a failure', async () => {
    await start('revoke');
    expect(ns.connect(PORT, '127.0.0.11')).toBe('connected');
    await pollFor('the alert sent after a second login', 10_000, () =>
      requests === 'POST /v1/watchers/login\nPOST /v1/alerts\nPOST /v1/watchers/login\nPOST /v1/alerts\n'
        ? true
        : undefined,
    );
    await pollFor('the state file showing it sent', 10_000, () => (stateSoFar().queued === 0 ? true : undefined));
    expect(daemon.output).not.toContain('CrowdSec');
  });
});
