import { join } from 'node:path';
import type { StartReport } from '../capture/mode-starter.js';
import type { Settings } from '../config/settings.js';
import type { Engine } from '../engine/detection.js';
import { DaemonCounters } from './counters.js';
import { isSameProcess, readStateFile } from './find-daemons.js';
import { LiveState } from './live-state.js';
import { metricsPath, removeMetrics, writeMetrics } from './metrics-file.js';
import { StateFile, stateFileName } from './state-file.js';
import { RUN_DIR } from './state.js';

/** the state file is written at most this often, and only when something changed */
const STATE_WRITE_MS = 1000;

interface DaemonStatus {
  /** what the detector passes its StartReport to */
  report: StartReport;
  /** once the mode is active: write the state (and the metrics) now, then at their bounded rates */
  started(): void;
}

/**
 * The status extension of one daemon: its counters observe the engine, and its state goes to
 * /run/portsentry/status-MODE.json (always: `portsentry status` works for every daemon, whatever
 * started it) and, when METRICS_FILE or `run --metrics-file` asks, to the metrics file. Nothing
 * reaches 1.2's outputs: failed writes are only counted, and shown by the next good one. Both
 * files are removed when the daemon exits.
 */
export const attachStatus = (settings: Settings, engine: Engine, dir = RUN_DIR): DaemonStatus => {
  const counters = new DaemonCounters();
  engine.observe(counters);
  const request = settings.extensions.metrics;
  const metricsFile = request === undefined ? null : metricsPath(request, settings.mode);
  const live = new LiveState(settings, counters, metricsFile);

  const started = (): void => {
    const other = readStateFile(join(dir, stateFileName(settings.mode)));
    const taken = typeof other !== 'string' && other.pid !== process.pid && isSameProcess(other);
    const file = new StateFile(settings.mode, taken, dir);
    let written = '';
    const writeState = (): void => {
      const version = live.version;
      if (version === written) return;
      if (file.write(live.snapshot())) written = version;
      else live.stateWriteFailures++;
    };
    writeState();
    setInterval(writeState, STATE_WRITE_MS).unref();
    process.on('exit', () => file.remove());

    if (metricsFile !== null && request !== undefined) {
      const writeMetricsNow = (): void => {
        if (!writeMetrics(metricsFile, live.snapshot())) live.metricsWriteFailures++;
      };
      writeMetricsNow();
      setInterval(writeMetricsNow, request.intervalSeconds * 1000).unref();
      process.on('exit', () => removeMetrics(metricsFile));
    }
  };
  return { report: live, started };
};
