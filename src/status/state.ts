import type { PortSet } from '../capture/bpf-filter.js';
import type { Mode } from '../config/settings.js';

/**
 * Where each daemon keeps its runtime state (never under /var/lib/portsentry: 1.2 writes nothing
 * there). PORTSENTRY_RUN_DIR moves it, for the compat harness and the tests (a folder of their own).
 */
export const RUN_DIR = process.env.PORTSENTRY_RUN_DIR ?? '/run/portsentry';

/** What became of the hits since the daemon started (src/status/counters.ts). */
export interface Counts {
  hits: number;
  ignored: number;
  triggered: number;
  alreadyBlocked: number;
  blocked: number;
  responseFailures: number;
  /** events dropped at the queue's bounds (src/engine/event-queue.ts) before the engine saw them */
  dropped: number;
}

export interface LastDetection {
  /** ISO 8601, UTC */
  at: string;
  host: string;
  port: number;
}

/** One daemon's runtime state, as /run/portsentry/status-MODE.json holds it. */
export interface DaemonState {
  format: 1;
  mode: Mode;
  protocol: 'tcp' | 'udp';
  pid: number;
  /** field 22 of /proc/PID/stat: tells this daemon from a later process given the same pid */
  processStart: string;
  /** ISO 8601, UTC */
  startedAt: string;
  configFile: string;
  /** null until the detector has said what it watches */
  watched: PortSet | null;
  /** ports skipped at start because a service held them */
  inUse: number[];
  counts: Counts;
  queueDepth: number;
  lastDetection: LastDetection | null;
  /** stealth modes: the nft table their capture relies on; null for a tap or a classic mode */
  stealthTable: string | null;
  /** ISO 8601, UTC: when this state was written */
  updatedAt: string;
  /** writes of this file that failed (a read-only or missing /run) before this one */
  stateWriteFailures: number;
  /** the metrics file written, or null */
  metricsFile: string | null;
  metricsWriteFailures: number;
}

export const protocolOf = (mode: Mode): 'tcp' | 'udp' => (mode.endsWith('tcp') ? 'tcp' : 'udp');
