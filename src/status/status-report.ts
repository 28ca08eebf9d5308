import { findDaemons } from './find-daemons.js';
import { portListText, portSetText } from './port-text.js';
import { checkStealthTable, type TableCheck } from './stealth-table.js';
import { RUN_DIR, type DaemonState } from './state.js';

export interface DaemonReport extends DaemonState {
  stateFile: string;
  /** false: the pid is gone (or is another process now), the file was left by a daemon that did not exit cleanly */
  running: boolean;
  /** a running stealth daemon's nft table, checked now; null when there is none to check */
  stealthTableCheck: TableCheck | null;
}

export interface StatusReport {
  daemons: DaemonReport[];
  /** state files that could not be read, with why */
  unreadable: { path: string; reason: string }[];
}

/** What `portsentry status` shows: every daemon's state file, with the stealth tables checked now. */
export const collectStatus = async (
  dir = RUN_DIR,
  checkTable: (table: string) => Promise<TableCheck> = (t) => checkStealthTable(t),
): Promise<StatusReport> => {
  const report: StatusReport = { daemons: [], unreadable: [] };
  for (const found of findDaemons(dir)) {
    if (found.kind === 'unreadable') {
      report.unreadable.push({ path: found.path, reason: found.reason });
      continue;
    }
    const { state, running } = found;
    const check = running && state.stealthTable !== null ? await checkTable(state.stealthTable) : null;
    report.daemons.push({ ...state, stateFile: found.path, running, stealthTableCheck: check });
  }
  return report;
};

export const anyRunning = (report: StatusReport): boolean => report.daemons.some((d) => d.running);

const line = (label: string, value: string | number): string => `  ${`${label}:`.padEnd(19)} ${value}\n`;

const stealthLine = (d: DaemonReport): string => {
  if (d.mode === 'tcp' || d.mode === 'udp') return '';
  if (d.stealthTable === null) return line('nft table', 'none (capturing on "any")');
  return line('nft table', `${d.stealthTable} ${d.stealthTableCheck ?? 'not checked'}`);
};

const daemonBlock = (d: DaemonReport): string => {
  const c = d.counts;
  const head = d.running
    ? `portsentry -${d.mode}: running, pid ${d.pid}\n`
    : `portsentry -${d.mode}: not running (pid ${d.pid} is gone; stale state in ${d.stateFile})\n`;
  const failures =
    d.stateWriteFailures > 0 || d.metricsWriteFailures > 0
      ? line('write failures', `state ${d.stateWriteFailures}, metrics ${d.metricsWriteFailures}`)
      : '';
  return (
    head +
    line('started at', d.startedAt) +
    line('config file', d.configFile) +
    line('ports watched', d.watched === null ? 'unknown' : portSetText(d.watched)) +
    line('skipped in use', portListText(d.inUse)) +
    line('hits', c.hits) +
    line('ignored', c.ignored) +
    line('triggered', c.triggered) +
    line('already blocked', c.alreadyBlocked) +
    line('blocked', c.blocked) +
    line('response failures', c.responseFailures) +
    line('dropped (queue)', c.dropped) +
    line('queue depth', d.queueDepth) +
    line(
      'last detection',
      d.lastDetection === null
        ? 'none'
        : `${d.lastDetection.at} ${d.lastDetection.host} port ${d.lastDetection.port}/${d.protocol}`,
    ) +
    stealthLine(d) +
    line('metrics file', d.metricsFile ?? 'none') +
    failures +
    line('state updated', d.updatedAt)
  );
};

/** The text form: one block per daemon, a blank line between them; says so when none is running. */
export const renderStatus = (report: StatusReport, dir = RUN_DIR): string => {
  const blocks = report.daemons.map(daemonBlock);
  const notes = report.unreadable.map((u) => `portsentry status: cannot read ${u.reason}\n`);
  const none = anyRunning(report) ? [] : [`No portsentry daemon is running (no live state in ${dir}).\n`];
  return [...blocks, ...none].join('\n') + notes.join('');
};
