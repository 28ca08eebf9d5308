/**
 * The figures of `portsentry report`, as the terminal, JSON and HTML renderings share them. The
 * field names are those of `--json` (stable: portsentry-report(8) documents them).
 */

/** where a line is: its file and 1-based line number */
export interface Place {
  file: string;
  line: number;
}

/** a time as the history line gives it: seconds since the epoch, and the daemon's local time as written */
export interface Seen {
  epoch: number;
  /** "MM/DD/YYYY HH:MM:SS" */
  when: string;
}

export interface SourceFigures {
  address: string;
  /** the resolved name of its last line (the address itself when 1.2 did not resolve) */
  name: string;
  count: number;
  /** how much `count` may over-state the true count (0: exact; see SpaceSaving) */
  countError: number;
  /** its first line in the period, or the first since it was kept (when countError > 0) */
  first: Seen;
  last: Seen;
  /** its distinct ports, "80/TCP", in the order first seen, at most PORTS_PER_SOURCE */
  ports: string[];
  /** true when it had more distinct ports than `ports` lists */
  morePorts: boolean;
}

export interface PortFigures {
  proto: 'TCP' | 'UDP';
  port: number;
  count: number;
}

export interface DayFigures {
  /** YYYY-MM-DD of the daemon's local time as written in the line */
  date: string;
  tcp: number;
  udp: number;
}

/** why a line could not be read as a history line */
/** torn: a last line without its newline (a write cut short, or one being written) */
export type UnreadableReason = 'portsentry-2' | 'binary' | 'too-long' | 'torn' | 'other';

export interface UnreadableFigures {
  count: number;
  /** the first such line, with its first 80 characters as read (latin1) */
  first: (Place & { text: string }) | null;
  byReason: Record<UnreadableReason, number>;
}

export interface FileFigures {
  path: string;
  compressed: boolean;
  /** bytes read from the file (compressed bytes for a .gz) */
  bytes: number;
  lines: number;
  /** why reading stopped before its end (a damaged gzip stream), or null */
  error: string | null;
}

export interface ReportData {
  /** the config file HISTORY_FILE was read from */
  config: string;
  historyFile: string;
  /** oldest first */
  files: FileFigures[];
  /** the config's BLOCK_TCP and BLOCK_UDP now, as 1.2's CheckFlag() reads them */
  blockingNow: { BLOCK_TCP: number; BLOCK_UDP: number };
  /** --since: the duration as given, and the first second counted */
  since: { text: string; fromEpoch: number } | null;
  /** the time the report was made (seconds since the epoch) */
  generatedEpoch: number;
  lines: {
    /** every line of every file */
    read: number;
    /** lines in 1.2's history format */
    history: number;
    /** history lines before the --since period (not counted below) */
    beforePeriod: number;
    unreadable: UnreadableFigures;
    /** history lines whose time is earlier than a line before them (counted all the same) */
    outOfOrder: { count: number; first: Place | null };
  };
  /** history lines in the period: each is one WriteBlocked() of 1.2 */
  blocks: { total: number; tcp: number; udp: number; first: Seen | null; last: Seen | null };
  /** per day, oldest first; days without a block are listed (0) when the days span at most MAX_FILLED_DAYS */
  days: DayFigures[];
  /** blocks on days past MAX_DAYS distinct days (not in `days`) */
  daysNotListed: number;
  sources: {
    /** distinct addresses: exact when `exact`, else at least this many */
    distinct: number;
    /** false once more distinct addresses came than SOURCES_KEPT: counts are then bounded by countError */
    exact: boolean;
    kept: number;
    top: SourceFigures[];
  };
  ports: { distinct: number; top: PortFigures[] };
}
