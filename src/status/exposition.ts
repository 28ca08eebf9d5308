import { watchedCount } from './port-text.js';
import type { DaemonState } from './state.js';

interface Metric {
  name: string;
  type: 'counter' | 'gauge';
  help: string;
  /** the sample's value, or null for no sample (a gauge with nothing to say yet) */
  value: (s: DaemonState) => number | null;
}

const seconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

/** The series, in the order written; names and help follow Prometheus' naming conventions. */
const METRICS: readonly Metric[] = [
  {
    name: 'portsentry_start_time_seconds',
    type: 'gauge',
    help: 'Start time of the portsentry daemon since the Unix epoch in seconds.',
    value: (s) => seconds(s.startedAt),
  },
  {
    name: 'portsentry_watched_ports',
    type: 'gauge',
    help: 'Ports the daemon watches.',
    value: (s) => (s.watched === null ? 0 : watchedCount(s.watched)),
  },
  {
    name: 'portsentry_ports_in_use',
    type: 'gauge',
    help: 'Configured ports skipped at start because a service already held them.',
    value: (s) => s.inUse.length,
  },
  {
    name: 'portsentry_hits_total',
    type: 'counter',
    help: 'Packets or connections to a watched port handed to the engine.',
    value: (s) => s.counts.hits,
  },
  {
    name: 'portsentry_ignored_total',
    type: 'counter',
    help: 'Hits from hosts listed in the ignore file.',
    value: (s) => s.counts.ignored,
  },
  {
    name: 'portsentry_triggered_total',
    type: 'counter',
    help: 'Hits that reached SCAN_TRIGGER and were logged as an attack.',
    value: (s) => s.counts.triggered,
  },
  {
    name: 'portsentry_already_blocked_total',
    type: 'counter',
    help: 'Detections of hosts already in the blocked file.',
    value: (s) => s.counts.alreadyBlocked,
  },
  {
    name: 'portsentry_blocked_total',
    type: 'counter',
    help: 'Hosts blocked: responses run and written to the blocked and history files.',
    value: (s) => s.counts.blocked,
  },
  {
    name: 'portsentry_response_failures_total',
    type: 'counter',
    help: 'Detections whose response failed (Could not block host).',
    value: (s) => s.counts.responseFailures,
  },
  {
    name: 'portsentry_dropped_events_total',
    type: 'counter',
    help: 'Events dropped at the bounds of the queue before the engine, in a flood.',
    value: (s) => s.counts.dropped,
  },
  {
    name: 'portsentry_queue_events',
    type: 'gauge',
    help: 'Events waiting in the queue before the engine.',
    value: (s) => s.queueDepth,
  },
  {
    name: 'portsentry_last_detection_timestamp_seconds',
    type: 'gauge',
    help: 'Time of the last detection since the Unix epoch in seconds.',
    value: (s) => (s.lastDetection === null ? null : seconds(s.lastDetection.at)),
  },
  {
    name: 'portsentry_state_write_failures_total',
    type: 'counter',
    help: 'Failed writes of the runtime state file under /run/portsentry.',
    value: (s) => s.stateWriteFailures,
  },
];

/**
 * The Prometheus text exposition format (version 0.0.4) of the daemons' states, as node_exporter's
 * textfile collector reads it: one HELP and TYPE line per metric, then one sample per daemon,
 * labelled with its mode and protocol. Label values are mode and protocol names, which need no
 * escaping.
 */
export const exposition = (states: readonly DaemonState[]): string => {
  let out = '';
  for (const m of METRICS) {
    const samples = states.flatMap((s) => {
      const v = m.value(s);
      return v === null ? [] : [`${m.name}{mode="${s.mode}",protocol="${s.protocol}"} ${v}\n`];
    });
    if (samples.length === 0) continue;
    out += `# HELP ${m.name} ${m.help}\n# TYPE ${m.name} ${m.type}\n${samples.join('')}`;
  }
  return out;
};
