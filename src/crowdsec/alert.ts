import { createHash, randomUUID } from 'node:crypto';

/** One event's meta item, as models.Meta holds it. */
interface MetaItem {
  key: string;
  value: string;
}

/**
 * An alert as CrowdSec's models.Alert marshals it (pkg/models/alert.go, v1.4.6), with the fields
 * its agent fills (pkg/leakybucket/overflows.go NewAlert): every required field present, no
 * decisions of our own (the Local API's profiles turn the alert into decisions), `remediation`
 * true so that a profile such as Debian's default_ip_remediation bans the source.
 */
export interface LapiAlert {
  scenario: string;
  scenario_hash: string;
  scenario_version: string;
  message: string;
  events_count: number;
  start_at: string;
  stop_at: string;
  capacity: number;
  leakspeed: string;
  simulated: boolean;
  remediation: boolean;
  source: { scope: 'Ip'; value: string; ip: string };
  events: { timestamp: string; meta: MetaItem[] }[];
  labels: null;
  decisions: null;
}

/** What the engine knows of a detection, as the alert carries it. */
interface Detection {
  /** the scanner: a dotted quad, or an IPv6 address in RFC 5952 text */
  target: string;
  proto: 'TCP' | 'UDP';
  port: number;
  /** the daemon's mode: tcp, udp, stcp, atcp, sudp, audp */
  mode: string;
  /** stealth TCP: "TCP SYN/Normal scan" and the like; classic modes: "connect"; stealth UDP: "UDP scan" */
  scanType: string;
  /** the attackalert line the daemon logged */
  line: string;
  at: Date;
}

/** the version our scenarios carry; there is no scenario file, so the hash is of its name and version */
const SCENARIO_VERSION = '1.0';
export const DEFAULT_SCENARIO = 'portsentry/port-scan';
/** `portsentry crowdsec test` alerts carry this scenario, so that they can be found and deleted */
export const TEST_SCENARIO = 'portsentry/test';
/** the documentation address (RFC 5737) the test alert names */
export const TEST_ADDRESS = '192.0.2.1';

const scenarioHash = (scenario: string): string =>
  createHash('sha256').update(`${scenario}\n${SCENARIO_VERSION}\n`).digest('hex');

/** a fresh id for an alert, kept in its event meta (portsentry_alert_id) and in the spool's file name */
export const newAlertId = (): string => randomUUID();

/**
 * The alert for one detection: one event whose meta (sorted by key, as CrowdSec's agent sorts
 * them) names the destination port, protocol, mode and scan type; capacity is SCAN_TRIGGER (the
 * connections 1.2 lets pass before it reacts) and nothing leaks away ("0s"), as in 1.2's state engine.
 */
export const buildAlert = (d: Detection, scenario: string, capacity: number, id: string): LapiAlert => {
  const at = d.at.toISOString();
  const meta: MetaItem[] = [
    { key: 'destination_port', value: String(d.port) },
    { key: 'log_type', value: 'portsentry' },
    { key: 'mode', value: d.mode },
    { key: 'portsentry_alert_id', value: id },
    { key: 'protocol', value: d.proto },
    { key: 'scan_type', value: d.scanType },
    { key: 'service', value: 'portsentry' },
    { key: 'source_ip', value: d.target },
  ];
  return {
    scenario,
    scenario_hash: scenarioHash(scenario),
    scenario_version: SCENARIO_VERSION,
    message: d.line.replace(/\n+$/, ''),
    events_count: 1,
    start_at: at,
    stop_at: at,
    capacity,
    leakspeed: '0s',
    simulated: false,
    remediation: true,
    source: { scope: 'Ip', value: d.target, ip: d.target },
    events: [{ timestamp: at, meta }],
    labels: null,
    decisions: null,
  };
};

/** the alert `portsentry crowdsec test` pushes: 192.0.2.1, scenario portsentry/test, a message saying so */
export const testAlert = (at: Date, id: string): LapiAlert =>
  buildAlert(
    {
      target: TEST_ADDRESS,
      proto: 'TCP',
      port: 0,
      mode: 'test',
      scanType: 'test',
      line: `portsentry crowdsec test: a test alert for the documentation address ${TEST_ADDRESS}; delete it with cscli`,
      at,
    },
    TEST_SCENARIO,
    0,
    id,
  );

/** the id buildAlert() put in the alert's event meta, or null */
export const alertIdOf = (alert: LapiAlert): string | null =>
  alert.events[0]?.meta.find((m) => m.key === 'portsentry_alert_id')?.value ?? null;
