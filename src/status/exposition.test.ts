import { describe, expect, it } from 'vitest';
import { exposition } from './exposition.js';
import type { DaemonState } from './state.js';

const STCP: DaemonState = {
  format: 1,
  mode: 'stcp',
  protocol: 'tcp',
  pid: 4242,
  processStart: '1234567',
  startedAt: '2026-12-01T22:00:00.250Z',
  configFile: '/etc/portsentry/portsentry.conf',
  watched: { kind: 'list', ports: [1, 11, 79, 80, 81] },
  inUse: [22],
  counts: { hits: 12, ignored: 1, triggered: 11, alreadyBlocked: 8, blocked: 2, responseFailures: 1, dropped: 3 },
  queueDepth: 2,
  lastDetection: { at: '2026-12-01T22:10:05.900Z', host: '127.0.0.2', port: 79 },
  stealthTable: 'portsentry_stcp',
  updatedAt: '2026-12-01T22:10:06.000Z',
  stateWriteFailures: 0,
  metricsFile: '/var/lib/prometheus/node-exporter/portsentry-stcp.prom',
  metricsWriteFailures: 0,
};

const AUDP: DaemonState = {
  ...STCP,
  mode: 'audp',
  protocol: 'udp',
  watched: { kind: 'below', limit: 1024, except: [53, 111] },
  inUse: [53, 111],
  counts: { hits: 0, ignored: 0, triggered: 0, alreadyBlocked: 0, blocked: 0, responseFailures: 0, dropped: 0 },
  queueDepth: 0,
  lastDetection: null,
  stealthTable: null,
  stateWriteFailures: 4,
};

describe('the Prometheus text exposition', () => {
  it('has HELP and TYPE once per metric and one sample per daemon, labelled by mode and protocol', () => {
    expect(exposition([STCP, AUDP])).toBe(
      [
        '# HELP portsentry_start_time_seconds Start time of the portsentry daemon since the Unix epoch in seconds.',
        '# TYPE portsentry_start_time_seconds gauge',
        'portsentry_start_time_seconds{mode="stcp",protocol="tcp"} 1796162400',
        'portsentry_start_time_seconds{mode="audp",protocol="udp"} 1796162400',
        '# HELP portsentry_watched_ports Ports the daemon watches.',
        '# TYPE portsentry_watched_ports gauge',
        'portsentry_watched_ports{mode="stcp",protocol="tcp"} 5',
        'portsentry_watched_ports{mode="audp",protocol="udp"} 1022',
        '# HELP portsentry_ports_in_use Configured ports skipped at start because a service already held them.',
        '# TYPE portsentry_ports_in_use gauge',
        'portsentry_ports_in_use{mode="stcp",protocol="tcp"} 1',
        'portsentry_ports_in_use{mode="audp",protocol="udp"} 2',
        '# HELP portsentry_hits_total Packets or connections to a watched port handed to the engine.',
        '# TYPE portsentry_hits_total counter',
        'portsentry_hits_total{mode="stcp",protocol="tcp"} 12',
        'portsentry_hits_total{mode="audp",protocol="udp"} 0',
        '# HELP portsentry_ignored_total Hits from hosts listed in the ignore file.',
        '# TYPE portsentry_ignored_total counter',
        'portsentry_ignored_total{mode="stcp",protocol="tcp"} 1',
        'portsentry_ignored_total{mode="audp",protocol="udp"} 0',
        '# HELP portsentry_triggered_total Hits that reached SCAN_TRIGGER and were logged as an attack.',
        '# TYPE portsentry_triggered_total counter',
        'portsentry_triggered_total{mode="stcp",protocol="tcp"} 11',
        'portsentry_triggered_total{mode="audp",protocol="udp"} 0',
        '# HELP portsentry_already_blocked_total Detections of hosts already in the blocked file.',
        '# TYPE portsentry_already_blocked_total counter',
        'portsentry_already_blocked_total{mode="stcp",protocol="tcp"} 8',
        'portsentry_already_blocked_total{mode="audp",protocol="udp"} 0',
        '# HELP portsentry_blocked_total Hosts blocked: responses run and written to the blocked and history files.',
        '# TYPE portsentry_blocked_total counter',
        'portsentry_blocked_total{mode="stcp",protocol="tcp"} 2',
        'portsentry_blocked_total{mode="audp",protocol="udp"} 0',
        '# HELP portsentry_response_failures_total Detections whose response failed (Could not block host).',
        '# TYPE portsentry_response_failures_total counter',
        'portsentry_response_failures_total{mode="stcp",protocol="tcp"} 1',
        'portsentry_response_failures_total{mode="audp",protocol="udp"} 0',
        '# HELP portsentry_dropped_events_total Events dropped at the bounds of the queue before the engine, in a flood.',
        '# TYPE portsentry_dropped_events_total counter',
        'portsentry_dropped_events_total{mode="stcp",protocol="tcp"} 3',
        'portsentry_dropped_events_total{mode="audp",protocol="udp"} 0',
        '# HELP portsentry_queue_events Events waiting in the queue before the engine.',
        '# TYPE portsentry_queue_events gauge',
        'portsentry_queue_events{mode="stcp",protocol="tcp"} 2',
        'portsentry_queue_events{mode="audp",protocol="udp"} 0',
        '# HELP portsentry_last_detection_timestamp_seconds Time of the last detection since the Unix epoch in seconds.',
        '# TYPE portsentry_last_detection_timestamp_seconds gauge',
        'portsentry_last_detection_timestamp_seconds{mode="stcp",protocol="tcp"} 1796163005',
        '# HELP portsentry_state_write_failures_total Failed writes of the runtime state file under /run/portsentry.',
        '# TYPE portsentry_state_write_failures_total counter',
        'portsentry_state_write_failures_total{mode="stcp",protocol="tcp"} 0',
        'portsentry_state_write_failures_total{mode="audp",protocol="udp"} 4',
        '',
      ].join('\n'),
    );
  });

  it('leaves out the last detection while there is none', () => {
    expect(exposition([AUDP])).not.toContain('portsentry_last_detection_timestamp_seconds');
  });

  it('is empty without a daemon', () => {
    expect(exposition([])).toBe('');
  });
});
