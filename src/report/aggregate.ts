import { parseBlockedLine, type BlockedLine } from '../blocked/blocked-lines.js';
import { SpaceSaving } from './space-saving.js';
import type { SplitLine } from './line-splitter.js';
import type {
  DayFigures,
  FileFigures,
  Place,
  PortFigures,
  ReportData,
  SourceFigures,
  UnreadableReason,
} from './report-data.js';

/** addresses counted in bounded memory (a few MB); past this many distinct ones, counts become bounds */
const SOURCES_KEPT = 10_000;
/** distinct ports listed per source */
const PORTS_PER_SOURCE = 10;
/** distinct days held: 100 years of history */
export const MAX_DAYS = 36_600;
/** the days between the first and the last are all listed (with 0) when they span at most this many */
const MAX_FILLED_DAYS = 3_660;

/** what is kept per source (mutated in place: no object per line) */
interface SourceState {
  name: string;
  firstEpoch: number;
  firstWhen: string;
  lastEpoch: number;
  lastWhen: string;
  ports: string[];
  morePorts: boolean;
}

interface DayCount {
  date: string;
  tcp: number;
  udp: number;
}

const PORTS = 65_536;
const DAY_MS = 86_400_000;

/** "MM/DD/YYYY HH:MM:SS" -> "YYYY-MM-DD", or null for a date no calendar has */
const dayOf = (when: string): string | null => {
  const month = Number(when.slice(0, 2));
  const day = Number(when.slice(3, 5));
  const year = when.slice(6, 10);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${year}-${when.slice(0, 2)}-${when.slice(3, 5)}`;
};

/** what a line that is not a history line looks like */
const reasonFor = (line: SplitLine): UnreadableReason => {
  if (line.tooLong) return 'too-long';
  if (line.unterminated) return 'torn';
  // PortSentry 2.x: "... Scan from: [ADDRESS] (NAME) protocol: [TCP] port: [22] ..."
  if (/Scan from: \[/.test(line.text)) return 'portsentry-2';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0e-\x1f\x7f-\x9f]/.test(line.text)) return 'binary';
  return 'other';
};

const addDays = (date: string, n: number): string =>
  new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) + n * DAY_MS)
    .toISOString()
    .slice(0, 10);

const daysBetween = (a: string, b: string): number =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);

/** The local date of an epoch second, as 1.2's localtime() would write it. */
const localDay = (epochSeconds: number): string => {
  const d = new Date(epochSeconds * 1000);
  return `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

interface AggregateOptions {
  /** lines with an earlier epoch are not counted (--since); null: all */
  fromEpoch: number | null;
  /** the report's time (seconds), the last day listed when --since is given */
  nowEpoch: number;
  top: number;
  sourcesKept?: number;
}

/**
 * The figures of a history, one line at a time, in memory bounded by the number of distinct days
 * (MAX_DAYS), ports (65536 per protocol, exact) and addresses (Space-Saving, SOURCES_KEPT), never by
 * the number of lines. Lines are parsed by src/blocked/blocked-lines.ts, the tools' one reader of
 * 1.2's blocked/history lines.
 */
export class HistoryAggregate {
  private readonly sources: SpaceSaving<SourceState>;
  private readonly portCounts = { TCP: new Float64Array(PORTS), UDP: new Float64Array(PORTS) };
  private readonly days = new Map<string, DayCount>();
  /** the "MM/DD/YYYY" of the last line counted, and its day: lines come in order, so this is nearly always the next one's */
  private lastDatePart = '';
  private lastDay: DayCount | undefined = undefined;
  private daysNotListed = 0;
  private readonly files: FileFigures[] = [];
  private read = 0;
  private history = 0;
  private beforePeriod = 0;
  private unreadable = 0;
  private firstUnreadable: (Place & { text: string }) | null = null;
  private readonly byReason: Record<UnreadableReason, number> = {
    'portsentry-2': 0,
    binary: 0,
    'too-long': 0,
    torn: 0,
    other: 0,
  };
  private outOfOrder = 0;
  private firstOutOfOrder: Place | null = null;
  private latestEpoch = -Infinity;
  private tcp = 0;
  private udp = 0;
  private firstEpoch = Infinity;
  private firstWhen = '';
  private lastEpoch = -Infinity;
  private lastWhen = '';

  constructor(private readonly options: AggregateOptions) {
    this.sources = new SpaceSaving(options.sourcesKept ?? SOURCES_KEPT, () => ({
      name: '',
      firstEpoch: 0,
      firstWhen: '',
      lastEpoch: 0,
      lastWhen: '',
      ports: [],
      morePorts: false,
    }));
  }

  /** a file begins; its figures are updated as its lines come */
  startFile(path: string, compressed: boolean): FileFigures {
    const f: FileFigures = { path, compressed, bytes: 0, lines: 0, error: null };
    this.files.push(f);
    return f;
  }

  line(split: SplitLine, file: FileFigures): void {
    this.read++;
    file.lines = split.line;
    const parsed = split.tooLong ? null : parseBlockedLine(split.text, split.line);
    const sameDay = parsed !== null && this.lastDatePart !== '' && parsed.when.startsWith(this.lastDatePart);
    const day = parsed === null ? null : sameDay ? this.lastDatePart : dayOf(parsed.when);
    if (parsed === null || day === null || parsed.port < 0 || parsed.port >= PORTS) {
      this.notRead(split, file.path);
      return;
    }
    this.history++;
    if (parsed.epoch < this.latestEpoch) {
      this.outOfOrder++;
      this.firstOutOfOrder ??= { file: file.path, line: split.line };
    } else this.latestEpoch = parsed.epoch;
    if (this.options.fromEpoch !== null && parsed.epoch < this.options.fromEpoch) {
      this.beforePeriod++;
      return;
    }
    this.count(parsed, sameDay ? this.lastDay : this.dayCount(day, parsed.when));
  }

  /** the count of a day not the last line's, made if there is room (MAX_DAYS) */
  private dayCount(date: string, when: string): DayCount | undefined {
    let d = this.days.get(date);
    if (d === undefined && this.days.size < MAX_DAYS) {
      d = { date, tcp: 0, udp: 0 };
      this.days.set(date, d);
    }
    this.lastDatePart = when.slice(0, 10);
    this.lastDay = d;
    return d;
  }

  private notRead(split: SplitLine, file: string): void {
    this.unreadable++;
    this.byReason[reasonFor(split)]++;
    this.firstUnreadable ??= { file, line: split.line, text: split.text.slice(0, 80) };
  }

  private count(b: BlockedLine, d: DayCount | undefined): void {
    if (b.proto === 'TCP') this.tcp++;
    else this.udp++;
    if (b.epoch < this.firstEpoch) {
      this.firstEpoch = b.epoch;
      this.firstWhen = b.when;
    }
    if (b.epoch >= this.lastEpoch) {
      this.lastEpoch = b.epoch;
      this.lastWhen = b.when;
    }
    this.portCounts[b.proto][b.port]!++;

    if (d === undefined) this.daysNotListed++;
    else if (b.proto === 'TCP') d.tcp++;
    else d.udp++;

    const entry = this.sources.offer(b.address);
    const s = entry.value;
    const fresh = entry.count === entry.error + 1;
    if (fresh || b.epoch < s.firstEpoch) {
      s.firstEpoch = b.epoch;
      s.firstWhen = b.when;
    }
    if (fresh || b.epoch >= s.lastEpoch) {
      s.lastEpoch = b.epoch;
      s.lastWhen = b.when;
      s.name = b.resolved;
    }
    const port = `${b.port}/${b.proto}`;
    if (!s.morePorts && !s.ports.includes(port)) {
      if (s.ports.length < PORTS_PER_SOURCE) s.ports.push(port);
      else s.morePorts = true;
    }
  }

  result(meta: Pick<ReportData, 'config' | 'historyFile' | 'blockingNow' | 'since' | 'generatedEpoch'>): ReportData {
    const ports: PortFigures[] = [];
    let distinctPorts = 0;
    for (const proto of ['TCP', 'UDP'] as const) {
      const counts = this.portCounts[proto];
      for (let port = 0; port < PORTS; port++) {
        const count = counts[port]!;
        if (count > 0) {
          distinctPorts++;
          ports.push({ proto, port, count });
        }
      }
    }
    ports.sort((a, b) => b.count - a.count || a.port - b.port || (a.proto < b.proto ? -1 : 1));

    const top: SourceFigures[] = this.sources.top(this.options.top).map((e) => ({
      address: e.key,
      name: e.value.name,
      count: e.count,
      countError: e.error,
      first: { epoch: e.value.firstEpoch, when: e.value.firstWhen },
      last: { epoch: e.value.lastEpoch, when: e.value.lastWhen },
      ports: e.value.ports,
      morePorts: e.value.morePorts,
    }));

    return {
      ...meta,
      files: this.files,
      lines: {
        read: this.read,
        history: this.history,
        beforePeriod: this.beforePeriod,
        unreadable: { count: this.unreadable, first: this.firstUnreadable, byReason: this.byReason },
        outOfOrder: { count: this.outOfOrder, first: this.firstOutOfOrder },
      },
      blocks: {
        total: this.tcp + this.udp,
        tcp: this.tcp,
        udp: this.udp,
        first: this.tcp + this.udp === 0 ? null : { epoch: this.firstEpoch, when: this.firstWhen },
        last: this.tcp + this.udp === 0 ? null : { epoch: this.lastEpoch, when: this.lastWhen },
      },
      days: this.dayList(),
      daysNotListed: this.daysNotListed,
      sources: {
        // an eviction happens only when a new address comes with the table full
        distinct: this.sources.approximate ? this.sources.capacity + 1 : this.sources.size,
        exact: !this.sources.approximate,
        kept: this.sources.capacity,
        top,
      },
      ports: { distinct: distinctPorts, top: ports.slice(0, this.options.top) },
    };
  }

  /** the days with blocks, and (within MAX_FILLED_DAYS) those between them, and to today with --since */
  private dayList(): DayFigures[] {
    const known = [...this.days.keys()].sort();
    let from = known[0];
    let to = known.at(-1);
    if (this.options.fromEpoch !== null) {
      from = localDay(this.options.fromEpoch);
      const today = localDay(this.options.nowEpoch);
      if (to === undefined || to < today) to = today;
      if (known[0] !== undefined && known[0] < from) from = known[0];
    }
    if (from === undefined || to === undefined) return [];
    const list = (dates: string[]): DayFigures[] =>
      dates.map((date) => ({ date, tcp: this.days.get(date)?.tcp ?? 0, udp: this.days.get(date)?.udp ?? 0 }));
    const span = daysBetween(from, to);
    if (span > MAX_FILLED_DAYS) return list(known);
    return list(Array.from({ length: span + 1 }, (_, i) => addDays(from, i)));
  }
}
