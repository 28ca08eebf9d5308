import type { Outcome, RawOutcome } from './types.js';

/**
 * Normalisation replaces only what must differ between two runs: timestamps and pids. A
 * timestamp is replaced only when it is well-formed and falls inside the run (with a little
 * slack), so a wrong clock, time zone or format still shows up in the diff.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** seconds of slack around the run window */
const SLACK = 2;

interface Window {
  from: number;
  to: number;
}

const inWindow = (epoch: number, w: Window | undefined): boolean =>
  w === undefined || (epoch >= w.from - SLACK && epoch <= w.to + SLACK);

/** glibc syslog header: "<PRI>Mmm dd hh:mm:ss portsentry[PID]: " (day padded with a space) */
const HEADER = /^<(\d{1,3})>([A-Z][a-z]{2}) ([ 1-3]\d) (\d\d):(\d\d):(\d\d) ([^[\]]+)\[(\d+)\]: /;

/**
 * The epoch of a syslog stamp (UTC, which the harness sets as TZ), taking the year from the window
 * (syslog stamps carry none); null when it names no real time.
 */
const syslogStampEpoch = (
  mon: string,
  day: string,
  hh: string,
  mm: string,
  ss: string,
  year: number,
): number | null => {
  const m = MONTHS.indexOf(mon);
  if (m < 0) return null;
  const d = Number(day.trim());
  const t = Date.UTC(year, m, d, Number(hh), Number(mm), Number(ss));
  const back = new Date(t);
  if (
    back.getUTCDate() !== d ||
    back.getUTCHours() !== Number(hh) ||
    back.getUTCMinutes() !== Number(mm) ||
    back.getUTCSeconds() !== Number(ss)
  ) {
    return null;
  }
  return Math.floor(t / 1000);
};

/** Numbers pids by first appearance: PID1, PID2, ... */
export class PidNames {
  private readonly names = new Map<string, string>();
  name(pid: string): string {
    let n = this.names.get(pid);
    if (n === undefined) {
      n = `PID${this.names.size + 1}`;
      this.names.set(pid, n);
    }
    return n;
  }
  has(pid: string): boolean {
    return this.names.has(pid);
  }
}

/** "<29>Nov 25 09:02:58 portsentry[1234]: text" -> "<29>TIME portsentry[PID1]: text" */
export const normaliseDatagram = (datagram: string, pids: PidNames, window?: Window): string => {
  const m = HEADER.exec(datagram);
  if (m === null) return datagram;
  const [whole, pri, mon, day, hh, mm, ss, ident, pid] = m as unknown as string[];
  const years =
    window === undefined
      ? [new Date().getUTCFullYear()]
      : [new Date(window.from * 1000).getUTCFullYear(), new Date(window.to * 1000).getUTCFullYear()];
  const epochs = years.map((y) => syslogStampEpoch(mon!, day!, hh!, mm!, ss!, y));
  const timeOk = epochs.some((e) => e !== null && inWindow(e, window));
  const time = timeOk ? 'TIME' : `${mon} ${day} ${hh}:${mm}:${ss}`;
  return `<${pri}>${time} ${ident}[${pids.name(pid!)}]: ${datagram.slice(whole!.length)}`;
};

/** blocked/history line: "EPOCH - MM/DD/YYYY HH:MM:SS Host: ..." */
const BLOCKED_LINE = /^(\d+) - (\d\d)\/(\d\d)\/(\d{4}) (\d\d):(\d\d):(\d\d) Host: /;

/**
 * Replaces the epoch and date of a blocked/history line when both name the same second (in UTC)
 * inside the window; anything else is left as it is.
 */
export const normaliseBlockedLine = (line: string, window?: Window): string => {
  const m = BLOCKED_LINE.exec(line);
  if (m === null) return line;
  const [whole, epochText, mo, dd, yyyy, hh, mi, ss] = m as unknown as string[];
  const epoch = Number(epochText);
  const d = new Date(epoch * 1000);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const agrees =
    p2(d.getUTCMonth() + 1) === mo &&
    p2(d.getUTCDate()) === dd &&
    String(d.getUTCFullYear()).padStart(4, '0') === yyyy &&
    p2(d.getUTCHours()) === hh &&
    p2(d.getUTCMinutes()) === mi &&
    p2(d.getUTCSeconds()) === ss;
  if (!agrees || !inWindow(epoch, window)) return line;
  return `EPOCH - MM/DD/YYYY HH:MM:SS Host: ${line.slice(whole!.length)}`;
};

export const normaliseFileContent = (content: string, window?: Window): string =>
  content
    .split('\n')
    .map((l) => normaliseBlockedLine(l, window))
    .join('\n');

export const normaliseOutcome = (raw: RawOutcome): Outcome => {
  const pids = new PidNames();
  const syslog = raw.syslog.map((d) => normaliseDatagram(d, pids, raw.window));
  // keys are pids, which objects keep in numeric order: list them by name instead, so that a pid
  // wrapping round (32765, then 300) does not reorder them
  const byName = (byPid: Record<string, boolean>): Record<string, boolean> => {
    const named = Object.entries(byPid).map(
      ([pid, value]) => [pids.has(pid) ? pids.name(pid) : 'PID?', value] as const,
    );
    named.sort((a, b) => Number(a[0].slice(3)) - Number(b[0].slice(3)));
    return Object.fromEntries(named);
  };
  const files: Outcome['files'] = {};
  for (const [path, f] of Object.entries(raw.files)) {
    files[path] =
      f === null
        ? null
        : { ...f, content: f.type === 'file' ? normaliseFileContent(f.content, raw.window) : f.content };
  }
  return {
    starts: raw.starts.map(({ pid: _pid, ...rest }) => rest),
    syslog,
    files,
    scanners: raw.scanners,
    alive: byName(raw.alive),
    leaders: byName(raw.leaders),
    running: raw.running,
    harness: raw.harness,
    info: raw.info,
  };
};
