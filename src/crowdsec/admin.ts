import { join } from 'node:path';
import { loadConfigFile } from '../config/config-file.js';
import { MODES, readCrowdsec, type CrowdsecSettings } from '../config/settings.js';
import { newAlertId, TEST_ADDRESS, TEST_SCENARIO, testAlert } from './alert.js';
import { clientFor, spoolDirFor } from './start.js';
import { Spool, DEFAULT_SPOOL_DIR } from './spool.js';
import { DEFAULT_STATE_DIR, readDaemonState, stateFileName, type DaemonState } from './state-file.js';

/** The CrowdSec keys of the config at `configPath`; throws when it cannot be read or the push is off. */
const crowdsecOf = (configPath: string): CrowdsecSettings => {
  const file = loadConfigFile(configPath);
  if (file.content === null) throw new Error(`${configPath}: cannot read the config file (${file.openError})`);
  const c = readCrowdsec(file);
  if (c === null) throw new Error(`${configPath}: expected CROWDSEC_CREDENTIALS="FILE", found none: the push is off`);
  return c;
};

interface CrowdsecStatus {
  config: string;
  credentials: string;
  url: string | null;
  machine: string | null;
  scenario: string;
  push: 'blocked' | 'detected';
  login: { ok: true } | { ok: false; error: string };
  /** each daemon that runs (or ran) with the push on, as its state file says */
  daemons: (DaemonState & { running: boolean; spooled: number })[];
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** `portsentry crowdsec status`: can this machine log in, and what each daemon has queued, sent and met */
export const crowdsecStatus = async (
  configPath: string,
  dirs: { state?: string; spool?: string } = {},
): Promise<CrowdsecStatus> => {
  const c = crowdsecOf(configPath);
  let url: string | null = null;
  let machine: string | null = null;
  let login: CrowdsecStatus['login'];
  try {
    const client = clientFor(c);
    url = client.credentials.url.href;
    machine = client.credentials.login;
    await client.login();
    login = { ok: true };
  } catch (err) {
    login = { ok: false, error: (err as Error).message };
  }
  const daemons: CrowdsecStatus['daemons'] = [];
  for (const mode of MODES) {
    const state = readDaemonState(join(dirs.state ?? DEFAULT_STATE_DIR, stateFileName(mode)));
    if (state === null) continue;
    const spooled = await new Spool(spoolDirFor(mode, dirs.spool ?? DEFAULT_SPOOL_DIR)).count();
    daemons.push({ ...state, running: alive(state.pid), spooled });
  }
  return {
    config: configPath,
    credentials: c.credentials,
    url,
    machine,
    scenario: c.scenario,
    push: c.push,
    login,
    daemons,
  };
};

export const formatStatus = (s: CrowdsecStatus): string => {
  const lines = [
    `config: ${s.config}`,
    `credentials: ${s.credentials}${s.machine === null ? '' : ` (machine ${s.machine} at ${s.url})`}`,
    `scenario: ${s.scenario}, pushing the hosts ${s.push === 'blocked' ? 'portsentry blocks' : 'that trigger'}`,
    `login: ${s.login.ok ? 'ok' : `failed: ${s.login.error}`}`,
  ];
  if (s.daemons.length === 0)
    lines.push('daemons: none has written its state (none runs with CROWDSEC_CREDENTIALS set)');
  for (const d of s.daemons) {
    lines.push(
      `daemon ${d.mode} (pid ${d.pid}, ${d.running ? 'running' : 'not running'}): ${d.queued} queued (${d.spooled} in the spool), ` +
        `${d.sent} sent, ${d.dropped} dropped, ${d.rejected} rejected`,
      `  last success: ${d.lastSuccess ?? 'never'}`,
      `  last error: ${d.lastError === null ? 'none' : `${d.lastError.at}: ${d.lastError.message}`}`,
    );
  }
  return `${lines.join('\n')}\n`;
};

interface TestPush {
  url: string;
  machine: string;
  scenario: string;
  address: string;
  /** the id the Local API gave the alert */
  alertId: string;
  /** run on the Local API's host to remove the test alert and the decision its profiles made */
  cleanup: string[];
}

/** `portsentry crowdsec test`: one alert for 192.0.2.1 (scenario portsentry/test), pushed now */
export const pushTestAlert = async (configPath: string): Promise<TestPush> => {
  const c = crowdsecOf(configPath);
  const client = clientFor(c);
  const [alertId] = await client.pushAlerts([testAlert(new Date(), newAlertId())]);
  return {
    url: client.credentials.url.href,
    machine: client.credentials.login,
    scenario: TEST_SCENARIO,
    address: TEST_ADDRESS,
    alertId: alertId ?? '',
    cleanup: [`cscli alerts delete --id ${alertId}`, `cscli decisions delete --ip ${TEST_ADDRESS}`],
  };
};

export const formatTestPush = (t: TestPush): string =>
  `pushed a test alert for ${t.address} (scenario ${t.scenario}) to ${t.url} as machine ${t.machine}: alert id ${t.alertId}\n` +
  `see it with: cscli alerts list -s ${t.scenario}\n` +
  `delete it (and the decision it made) on the Local API's host with:\n${t.cleanup.map((x) => `  ${x}\n`).join('')}`;
