import { describe, expect, it } from 'vitest';
import { alertIdOf, buildAlert, testAlert } from './alert.js';

const AT = new Date('2026-12-01T10:00:00.123Z');

describe('buildAlert', () => {
  it("is CrowdSec's models.Alert with every required field, no decisions and the attack line as message", () => {
    const alert = buildAlert(
      {
        target: '127.0.0.5',
        proto: 'TCP',
        port: 23,
        mode: 'stcp',
        scanType: 'TCP SYN/Normal scan',
        line: 'attackalert: TCP SYN/Normal scan from host: scanner/127.0.0.5 to TCP port: 23',
        at: AT,
      },
      'portsentry/port-scan',
      2,
      '6aae4c52-682c-4ec1-ba4a-7b5a1ece8cca',
    );
    expect(JSON.stringify(alert)).toBe(
      JSON.stringify({
        scenario: 'portsentry/port-scan',
        scenario_hash: alert.scenario_hash,
        scenario_version: '1.0',
        message: 'attackalert: TCP SYN/Normal scan from host: scanner/127.0.0.5 to TCP port: 23',
        events_count: 1,
        start_at: '2026-12-01T10:00:00.123Z',
        stop_at: '2026-12-01T10:00:00.123Z',
        capacity: 2,
        leakspeed: '0s',
        simulated: false,
        remediation: true,
        source: { scope: 'Ip', value: '127.0.0.5', ip: '127.0.0.5' },
        events: [
          {
            timestamp: '2026-12-01T10:00:00.123Z',
            meta: [
              { key: 'destination_port', value: '23' },
              { key: 'log_type', value: 'portsentry' },
              { key: 'mode', value: 'stcp' },
              { key: 'portsentry_alert_id', value: '6aae4c52-682c-4ec1-ba4a-7b5a1ece8cca' },
              { key: 'protocol', value: 'TCP' },
              { key: 'scan_type', value: 'TCP SYN/Normal scan' },
              { key: 'service', value: 'portsentry' },
              { key: 'source_ip', value: '127.0.0.5' },
            ],
          },
        ],
        labels: null,
        decisions: null,
      }),
    );
    expect(alert.scenario_hash).toMatch(/^[0-9a-f]{64}$/);
  });
  it('drops the newline a classic attack line may end in, and keeps an IPv6 source as given', () => {
    const alert = buildAlert(
      {
        target: 'fd00::2',
        proto: 'UDP',
        port: 7,
        mode: 'sudp',
        scanType: 'UDP scan',
        line: 'attackalert: x\n',
        at: AT,
      },
      'a/b',
      0,
      'id',
    );
    expect([alert.message, alert.source]).toEqual(['attackalert: x', { scope: 'Ip', value: 'fd00::2', ip: 'fd00::2' }]);
    expect(alertIdOf(alert)).toBe('id');
  });
});

describe('testAlert', () => {
  it('names 192.0.2.1 under the scenario portsentry/test', () => {
    const alert = testAlert(AT, 'x');
    expect([alert.scenario, alert.source.value, alert.message]).toEqual([
      'portsentry/test',
      '192.0.2.1',
      'portsentry crowdsec test: a test alert for the documentation address 192.0.2.1; delete it with cscli',
    ]);
  });
});
