/**
 * The scenario format shared by every file in compat-tests/scenarios/ (each exports
 * `scenarios: Scenario[]`), and the shapes the driver hands back to the runner.
 *
 * Text everywhere is latin1: one JS character per byte, so a scenario can hold any byte
 * ("\x00", "\r", "\xff") and the collected outputs keep every byte the programs produced.
 */

import type { CraftedPacket } from './crafted-packets.js';

/** A file or directory to lay at a system path before the first start. */
export type FileSpec =
  | string
  | {
      /** file content (latin1) */
      content?: string;
      /** permission bits; default 0o644 for files, 0o755 for directories */
      mode?: number;
      /** make a directory instead of a file */
      dir?: true;
      /** make sure nothing is there (e.g. /etc/hosts.deny absent) */
      absent?: true;
      /** make a FIFO (mkfifo) instead of a file: nothing reads it unless a scenario does */
      fifo?: true;
    };

/** A scanner source address: 127.0.0.x (x >= 2) or 127.1.x.y; never anything outside 127/8. */
export type Source = string;

export type Action =
  /** start the implementation again (e.g. a second daemon in the other mode) */
  | { do: 'start'; argv: string[]; user?: 'nobody' }
  /**
   * TCP connects from each source in turn, each read until the peer closes (bounded). With
   * `resetBeforeAccept` every daemon is stopped (SIGSTOP) while each source connects and at once
   * resets (RST), then continued: the connections wait in the accept queue already closed.
   */
  | { do: 'tcp'; from: Source | Source[]; port: number; send?: string; resetBeforeAccept?: true }
  /** one UDP datagram from each source in turn; replies are recorded */
  | { do: 'udp'; from: Source | Source[]; port: number; payload?: string }
  /** rewrite (or create) a file at a system path */
  | { do: 'write'; path: string; content: string; mode?: number }
  /** remove a file at a system path */
  | { do: 'remove'; path: string }
  /** signal the daemon started by start number `start` (0 = the scenario's argv) */
  | { do: 'signal'; signal: NodeJS.Signals; start?: number }
  /** just wait */
  | { do: 'wait'; ms: number }
  /** crafted IPv4 packets injected on lo (stealth modes; compat-tests/lib/crafted-packets.ts) */
  | { do: 'packets'; packets: CraftedPacket[] }
  /** bind a port after the start and hold it to the end (smart-verify) */
  | { do: 'occupy'; proto: 'tcp' | 'udp'; port: number };

export interface Scenario {
  /** unique; the group is its prefix ("tcp/banner") */
  name: string;
  /** what is being checked, in one sentence */
  about: string;
  /** the first start's arguments (after the program name) */
  argv: string[];
  /** run the first start as uid/gid 65534 (setpriv) */
  user?: 'nobody';
  /**
   * /etc/portsentry/portsentry.conf; null: no config file at all. Other files go in `files`.
   */
  config: string | null;
  /**
   * The config our implementation reads instead of `config` (the reference reads `config`): the
   * lint-effective scenarios give ours `portsentry lint conf --effective`'s reading of the file.
   */
  oursConfig?: string;
  /**
   * Files at system paths under /etc/portsentry/, /var/lib/portsentry/, or exactly /etc/hosts.deny,
   * /etc/hosts. Defaults: /etc/portsentry/portsentry.ignore = "127.0.0.1\n", /etc/hosts =
   * "127.0.0.1 localhost\n", /etc/hosts.deny absent.
   */
  files?: Record<string, FileSpec>;
  /** paths (directories) bind-mounted read-only: /etc/portsentry or /var/lib/portsentry */
  readOnly?: string[];
  /** no /dev/log: syslog() has nowhere to send; nothing is captured */
  noDevLog?: true;
  /** ports held by the harness before the start (bound on 0.0.0.0 without SO_REUSEADDR) */
  occupy?: { proto: 'tcp' | 'udp'; port: number }[];
  /** what happens after the first start, in order */
  actions?: Action[];
  /** longest quiet spell (ms) that ends the wait after a step; default 300 */
  quietMs?: number;
}

/** What one scanner action saw, per source. */
export interface ScannerRecord {
  action: number;
  proto: 'tcp' | 'udp';
  from: string;
  port: number;
  /** bytes received (latin1) */
  received: string;
  /** tcp: how the connection ended; udp: 'sent' */
  end: 'closed' | 'reset' | 'refused' | 'timeout' | 'error' | 'sent';
}

export interface StartRecord {
  argv: string[];
  stdout: string;
  stderr: string;
  /** exit status of the invoking process, or null when it was killed */
  exitCode: number | null;
  signal: string | null;
  /** the invoking process's pid (removed by normalisation; used to tell the daemon's pid) */
  pid: number;
}

export interface CollectedFile {
  /** "file", "dir", or "other" */
  type: 'file' | 'dir' | 'other';
  /** permission bits, octal text ("0600") */
  mode: string;
  /** latin1 content of a file; empty for directories */
  content: string;
}

/** Everything one implementation produced in one scenario, as captured (not normalised). */
export interface RawOutcome {
  starts: StartRecord[];
  /** every datagram received on /dev/log, in order, latin1 */
  syslog: string[];
  /** system path -> what is there, or null when absent */
  files: Record<string, CollectedFile | null>;
  scanners: ScannerRecord[];
  /** pid -> still running at the end (before clean-up) */
  alive: Record<string, boolean>;
  /** pid -> leads its own session (setsid(), as 1.2's daemon does), for each pid still running at the end */
  leaders: Record<string, boolean>;
  /** live processes left in the namespace at the end (daemons, stray commands) */
  running: number;
  /** problems of the harness itself (a bounded wait that ran out, a failed mount) */
  harness: string[];
  /** epoch seconds when the scenario started and ended, for checking timestamps */
  window: { from: number; to: number };
  /** not compared: what ran (the daemons' /proc/PID/exe) and how long each step took */
  info: Info;
}

export interface Info {
  programs: string[];
  steps: { step: string; ms: number }[];
}

/** A RawOutcome with nothing captured yet (the driver fills it; the runner reports a driver that wrote none). */
export const emptyRawOutcome = (harness: string[] = [], window = { from: 0, to: 0 }): RawOutcome => ({
  starts: [],
  syslog: [],
  files: {},
  scanners: [],
  alive: {},
  leaders: {},
  running: 0,
  harness,
  window,
  info: { programs: [], steps: [] },
});

/**
 * The same after normalisation: pids numbered, timestamps replaced. `alive` and `leaders` are keyed "PID1"...
 * (running at the end); the starts lose their pid and the time window is dropped.
 */
export type Outcome = Omit<RawOutcome, 'starts' | 'window'> & { starts: Omit<StartRecord, 'pid'>[] };

/** What the runner passes to the driver (as JSON in a file). */
export interface DriverSpec {
  scenario: Scenario;
  /** program and leading arguments of the implementation, e.g. ["/usr/bin/node", ".../bin/portsentry"] */
  command: string[];
  /** the per-run temporary directory (owned by the runner) */
  tmp: string;
  /** where to write the RawOutcome */
  resultFile: string;
  /** path of build/Release/portsentry_native.node */
  addon: string;
  /** the runner's own namespaces (/proc/self/ns/mnt and net links): the driver refuses to run in them */
  hostNamespaces: { mnt: string; net: string };
}
