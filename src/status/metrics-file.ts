import { unlinkSync } from 'node:fs';
import type { MetricsRequest, Mode } from '../config/settings.js';
import { replaceFile } from '../system/replace-file.js';
import { exposition } from './exposition.js';
import type { DaemonState } from './state.js';

/**
 * The file a daemon writes: `run --metrics-file` as given; METRICS_FILE, which every mode's daemon
 * reads from the same config, with -MODE before .prom (portsentry.prom -> portsentry-stcp.prom),
 * so that the daemons never write over each other.
 */
export const metricsPath = (request: MetricsRequest, mode: Mode): string =>
  request.exact ? request.file : `${request.file.slice(0, -'.prom'.length)}-${mode}.prom`;

/**
 * Writes the daemon's metrics atomically (a temporary file in the same directory, renamed over
 * the old one: node_exporter reads the old file or the new one, never half), mode 0644. Never
 * throws: false when the write failed.
 */
export const writeMetrics = (path: string, state: DaemonState): boolean => {
  try {
    replaceFile(path, exposition([state]), 'utf8', 0o644);
    return true;
  } catch {
    return false;
  }
};

/** on the way out: node_exporter must not keep serving a stopped daemon's counts */
export const removeMetrics = (path: string): void => {
  try {
    unlinkSync(path);
  } catch {
    /* never written, or already gone */
  }
};
