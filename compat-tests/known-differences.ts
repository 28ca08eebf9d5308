/**
 * Differences between PortSentry 1.2 (Debian 1.2-14) and ours that are accepted, each with the
 * reason. Every other difference is a bug (the uutils/coreutils rule).
 *
 * A scenario passes when each of its differences is covered by an entry here: the entry's
 * `scenario` matches the scenario name, its `field` matches the difference's field, and its
 * `text` (when given) matches the difference's text (ref lines "- ", ours "+ ", JSON-quoted).
 * After a run, an entry whose scenario ran but that covered no difference fails the run: the
 * difference is gone (remove the entry) or has become another one (a regression).
 *
 * An entry no scenario can show says why in `documentationOnly` instead (it is still listed in
 * man/portsentry.8 under DIFFERENCES FROM PORTSENTRY 1.2, as every entry is).
 */
interface DifferenceBase {
  id: string;
  /** what differs, in one sentence */
  what: string;
  /** why it is accepted */
  reason: string;
}

/** a difference a scenario shows */
export interface ShownDifference extends DifferenceBase {
  scenario: RegExp;
  field: RegExp;
  text?: RegExp;
  documentationOnly?: never;
}

/** a difference no scenario shows: `documentationOnly` says why it cannot be shown */
export interface DocumentedDifference extends DifferenceBase {
  documentationOnly: string;
  scenario?: never;
  field?: never;
  text?: never;
}

export type KnownDifference = ShownDifference | DocumentedDifference;

export const knownDifferences: KnownDifference[] = [
  {
    id: 'command-descriptors',
    scenario: /^responses\/command-descriptors$/,
    field: /^files\.\/var\/lib\/portsentry\/out\.content$/,
    // only descriptor numbers 1.2's command has and ours lacks; the shell's own (10, or 251 when the test
    // runner holds one) differ between machines and appear as context
    text: /^(?: {2}"\d+\\n"\n)*- "\d+\\n"(?:\n(?: {2}|- )"\d+\\n")*$/,
    what:
      "a KILL_ROUTE/KILL_RUN_CMD command started by 1.2 inherits the daemon's listening sockets " +
      '(on descriptors 0-3 here, since the daemon closed 0-2 first); ours gets /dev/null on 0-2 and nothing else',
    reason:
      '1.2 passes every socket it holds to system(): a command that outlives the daemon keeps the watched ports ' +
      'bound, and a command writing to its stdout writes into a listening socket and fails. Node opens its ' +
      'descriptors close-on-exec; giving the command /dev/null is what a daemon should do.',
  },
  {
    id: 'advanced-ignored-ports',
    scenario: /^stealth-advanced\/atcp-70-ports-in-use$/,
    field:
      /^(syslog|files\.\/etc\/hosts\.deny\.content|files\.\/var\/lib\/portsentry\/(out|portsentry\.blocked\.atcp|portsentry\.history)\.content)$/,
    // only lines 1.2 has and we do not, all about 127.1.9.9's hit on port 113 (which 1.2 said it ignores)
    text: /^(?:(?: {2}[^\n]*|- [^\n]*127\.1\.9\.9[^\n]*)\n?)+$/,
    what:
      'with more than 64 ports in use (or excluded) in an advanced mode, 1.2 reports hits on ports it announced as ' +
      'ignored (port 113 in the scenario); ours keeps ignoring every port it announced',
    reason:
      'PortSentryAdvancedStealthModeTCP/UDP store the ignored ports in an array of 64 and write past its end: ' +
      'undefined behaviour that later packets overwrite. We keep them all and never crash.',
  },
  {
    id: 'ignore-file-not-regular',
    scenario: /^ignore\/(dev-zero|fifo)$/,
    field:
      /^(syslog|scanners\[0\]|files\.\/etc\/hosts\.deny(\.content)?|files\.\/var\/lib\/portsentry\/(out|portsentry\.blocked\.tcp|portsentry\.history)(\.content)?)$/,
    what:
      'an IGNORE_FILE that is a FIFO, a device or a socket (/dev/zero in the scenario) is not read: one line says what it is, ' +
      'then 1.2\'s "cannot open ignore file. Blocking host anyway." and the host is blocked; 1.2 waits in fopen() for a ' +
      'writer (a FIFO) or reads /dev/zero for ever in fgets(), and detects nothing more',
    reason:
      "NeverBlock() runs on every hit: a file that never ends or never opens stops 1.2's detection for good (and reading " +
      'it whole would grow our memory without bound). Refusing it at once keeps the daemon detecting and says why.',
  },
  {
    id: 'ignore-file-cut',
    scenario: /^ignore\/past-1mib$/,
    field:
      /^(syslog|files\.\/etc\/hosts\.deny(\.content)?|files\.\/var\/lib\/portsentry\/(out|portsentry\.blocked\.tcp|portsentry\.history)(\.content)?)$/,
    what:
      'only the first 1 MiB and 65536 lines of the ignore file are read (a line says the rest is not read, on each hit); ' +
      '1.2 reads the whole file, so entries past that protect their hosts in 1.2 and not in ours',
    reason:
      "the file is read on every hit, in 1.2 as in ours: a bound keeps each hit's cost and our memory bounded whatever " +
      'the path names; 1 MiB is some 60,000 entries, far more than an ignore list holds.',
  },
  {
    id: 'fifo-output-waits',
    scenario: /^lifecycle\/history-fifo-keeps-detecting$/,
    field:
      /^(syslog|scanners\[1\]|files\.\/etc\/hosts\.deny\.content|files\.\/var\/lib\/portsentry\/(out|portsentry\.blocked\.tcp)\.content)$/,
    what:
      'a history file, blocked file or /etc/hosts.deny that is a FIFO without a reader: the line waits for a reader (tried ' +
      'again every 200 ms, at most 1024 lines per file, later ones refused with 1.2\'s "Cannot open" line) while the daemon ' +
      'goes on detecting; 1.2 waits in fopen() and detects nothing until a reader appears. SIGTERM ends both with the two ' +
      'shutdown lines (lifecycle/history-fifo-sigterm, no difference)',
    reason:
      "a synchronous open() of a FIFO holds Node's main thread, so the SIGTERM handler could not run and the daemon could " +
      'only be killed with SIGKILL; opening with O_NONBLOCK and waiting on a timer keeps it answering signals.',
  },
  {
    id: 'config-bounded',
    scenario: /^lifecycle\/config-larger-than-1mib$/,
    field:
      /^(starts\[0\]\.(stdout|exit)|syslog|files\.\/var\/lib\/portsentry\/portsentry\.blocked\.tcp|alive|leaders|running)$/,
    what:
      'a portsentry.conf larger than 1 MiB, or one that is a FIFO, a device or a socket, is treated as a file that cannot be ' +
      'opened ("Cannot open config file", exit 255); 1.2 reads a large one, waits in fopen() on a FIFO and reads /dev/zero for ever',
    reason:
      "Debian's config is 12 KB: a file past 1 MiB is not a config, and reading whatever the path names without a bound " +
      'filled memory (run, migrate, blocked passed 1 GB with /dev/zero). A directory is still read as an empty file, as in 1.2.',
  },
  // The entries below have no scenario that shows them: they document the differences that only
  // appear where 1.2 hangs, overflows or loses data, or outside what the harness compares, each
  // saying why in documentationOnly. Each is also in man/portsentry.8 under DIFFERENCES FROM PORTSENTRY 1.2.
  {
    id: 'command-timeout',
    documentationOnly:
      'a command must run past 120 s, longer than the driver gives a scenario (90 s), and 1.2 then detects nothing more: there is no end state to compare',
    what: 'a KILL_ROUTE/KILL_RUN_CMD command still running after PORTSENTRY_COMMAND_TIMEOUT seconds (120) is killed with its process group, and a line says so',
    reason: "system() in KillRoute()/KillRunCmd() waits forever: one hung command stops 1.2's detection for good.",
  },
  {
    id: 'substitution-too-long',
    documentationOnly:
      '1.2 writes past its 1024-byte buffer in SubstString(): undefined behaviour (a crash or worse), not an output to compare',
    what: 'a response line longer than 1023 bytes after $TARGET$/$PORT$/$MODE$ substitution is refused with a line saying so',
    reason: 'SubstString() writes past its 1024-byte buffer there (a crash or worse).',
  },
  {
    id: 'event-queue-bound',
    documentationOnly:
      'only a flood of more than 4096 waiting hits shows it, and which hits each side drops then depends on kernel buffers and timing; bench/flood-sighted.ts measures it against 1.2',
    what:
      'at most 4096 hits wait while responses run (20000 packets in the stealth modes), the oldest dropped beyond that, and a ' +
      'hit that waited more than 1.5 s once the queue overflowed (4 s otherwise) is dropped when its turn comes unless it is ' +
      'the newest; drops are counted and logged',
    reason:
      "1.2's kernel buffers drop the newest, silently; a spoofed flood must neither grow our memory without limit nor " +
      'keep a real scan that comes after it waiting behind stale hits (src/engine/event-queue.ts, bench/flood-sighted.ts).',
  },
  {
    id: 'held-connections-bound',
    documentationOnly:
      'needs more than 256 connections held open while their hits wait; 1.2 handles one connection at a time, so what each side answers depends on timing',
    what: 'in -tcp, at most 256 accepted connections are held open while their hits wait; beyond that a connection is closed at once and gets no banner (its hit is still handled)',
    reason: '1.2 handles one connection at a time; ours queues hits, and a flood must not use up the descriptors.',
  },
  {
    id: 'syslog-non-blocking',
    documentationOnly:
      "needs a syslog reader that stops reading: 1.2 then blocks in syslog() for as long as it stops, and the harness's capture socket always reads",
    what: 'when the syslog reader stops reading, datagrams wait in a queue of 16384 (oldest dropped beyond) instead of blocking the daemon',
    reason: "glibc's syslog() blocks on a full /dev/log: 1.2 stops detecting until the reader reads again.",
  },
  {
    id: 'stealth-capture',
    documentationOnly:
      "the capture path, not an output: for the packets a scenario sends both report the same lines; it shows in a burst that overflows 1.2's raw socket (bench/stealth-burst.ts) or in a firewall that drops packets",
    what: 'stealth and advanced modes read packets through libpcap from an NFLOG group fed by their own netfilter table, not from a raw socket; without nft they capture on all interfaces and say so',
    reason:
      'a raw socket overflows under a burst (1.2 loses most of 5000 SYNs) and sees every segment; the NFLOG rule sees exactly what passed the firewall, as a raw socket does, with the filtering done in the kernel.',
  },
  {
    id: 'firewall-table-watch',
    documentationOnly:
      'needs a firewall reload while the daemon runs and a wait of up to 10 s; 1.2 has no table to lose, so such a scenario would show our line alone, and no scenario does it yet',
    what: "when a firewall reload deletes a stealth mode's table, it is restored within 10 s and a line says so",
    reason: '1.2 has no table to lose; without this a reload would blind the daemon silently.',
  },
  {
    id: 'process-is-node',
    documentationOnly:
      "the harness compares outputs, files and exit codes, not the daemon's executable (/proc/PID/exe)",
    what: 'the daemon process is /usr/bin/node running /usr/sbin/portsentry; tools that find it by executable (start-stop-daemon --exec, pidof) do not',
    reason:
      'a Node program; the init script, ppp hooks and maintainer scripts find it by command line, which still matches 1.2 init script grep.',
  },
  {
    id: 'invoker-is-bash',
    documentationOnly:
      "the harness compares the datagrams' bytes (the pid in their text is the invoking process's, as in 1.2), the output and the exit status, not the sender's credentials that a syslog daemon may ask the kernel for",
    what: "while main() reads the config, the invoking process is bash (the launcher's interpreter) waiting for the Node process that then becomes the daemon: \"is starting\" and main()'s other lines carry the invoking process's pid in their text, as 1.2's do, but were sent by the daemon's process, so a syslog daemon that takes the sender's pid from the socket (journald's _PID) records the daemon's",
    reason:
      'Node cannot fork: one Node process that becomes the daemon in place starts about 60 ms sooner than an invoking Node process handing its settings to a second one (BENCHMARKS.md, issue 13), and rsyslog writes the pid in the text, the same as 1.2.',
  },
  {
    id: 'subcommands',
    documentationOnly:
      "the scenarios run 1.2's command lines; the subcommands have no 1.2 counterpart to compare with, and have their own tests",
    what: 'run, lint, migrate, render, blocked, report, status, crowdsec and help as the first argument start a subcommand; 1.2 prints its usage and exits 255',
    reason: 'the tooling this project adds; every other argument keeps 1.2 behaviour.',
  },
  {
    id: 'runtime-state',
    documentationOnly:
      'the harness compares what 1.2 writes (syslog, stdout, /etc and /var/lib/portsentry); our daemons write their state to a folder of each run (PORTSENTRY_RUN_DIR), not collected, since 1.2 writes nothing there',
    what: 'every daemon keeps its state in /run/portsentry/status-MODE.json (written at most once a second, removed on exit) for portsentry status; 1.2 writes nothing under /run',
    reason:
      'portsentry status needs it for daemons started any way; /run is runtime state, read by nothing of 1.2, and a failed write is silent.',
  },
  {
    id: 'run-foreground-exit-status',
    documentationOnly: 'portsentry run is not a 1.2 command line: there is no 1.2 run to compare it with',
    what: 'portsentry run --foreground exits 0 on SIGTERM; the legacy daemon keeps 1.2 status (the signal number)',
    reason: 'systemd records a clean stop; run is not part of 1.2.',
  },
  {
    id: 'config-read-once',
    documentationOnly:
      'it shows only when the config is edited during the milliseconds of start-up, a race no scenario can time',
    what: 'the config file is read once at start and once more in the daemon for the mode options, instead of once per option',
    reason: 'the same values unless the file is edited during the milliseconds of start-up.',
  },
  {
    id: 'init-stop-waits',
    documentationOnly:
      "the harness runs the daemon, not the init script; src/render/templates/init.test.ts runs ours against Debian's 1.2-14 script",
    what: "the init script's stop waits until each daemon has exited (KILL after 5 s)",
    reason: "1.2-14's restart may find the old daemon still running and start nothing.",
  },
  {
    id: 'init-script-disabled-on-remove',
    documentationOnly:
      'package behaviour (dpkg and debhelper), outside the daemon the harness runs; debian/tests/install-over.sh tests the package',
    what: 'removing the package without purging makes /etc/init.d/portsentry non-executable',
    reason: 'debhelper 13 does this for every init script; 1.2-14 left it executable.',
  },
  {
    id: 'old-init-script-kept',
    documentationOnly: "package behaviour (dpkg's conffile prompt), outside the daemon the harness runs",
    what: "an admin who keeps 1.2-14's edited init script at the upgrade prompt keeps a stop that does not find the node daemon",
    reason: "dpkg's conffile rules: the admin's choice wins; the new script is left as .dpkg-dist.",
  },
  {
    id: 'systemd-units',
    documentationOnly: 'package contents, outside the daemon the harness runs',
    what: 'the package ships portsentry.service and portsentry@.service',
    reason: '1.2-14 has none; systemd ran its init script.',
  },
  {
    id: 'package-leftovers-dropped',
    documentationOnly: 'package contents and maintainer scripts, outside the daemon the harness runs',
    what: 'the upgrade path from before 1.0-2, a 2001 documentation-link clean-up, the debconf note wording and the 1.2 docs are not carried over',
    reason: 'no supported system has those versions; the docs describe the 1.2 code, not ours.',
  },
  {
    id: 'classic-tcp-backlog',
    documentationOnly:
      'only more than six connections arriving at once show it, and what each side completes then depends on timing; bench/classic-flood.ts measures it against 1.2',
    what: "-tcp's sockets listen with a backlog of 256; 1.2 listens with 5",
    reason:
      "with 5, a burst of connections overflows the kernel's accept queue: Linux drops the SYN or the handshake's last ACK and the " +
      'client waits for TCP retransmission (1, 3, 7, 15, 31 s), so at 16 or 64 connections at once both daemons sat idle while connections waited; ' +
      'ours accepts all that wait at each wake-up and holds up to 256, so the kernel queue holds as many.',
  },
  {
    id: 'classic-udp-rcvbuf',
    documentationOnly:
      'only a burst that overflows the default buffer shows it, and what each side drops then depends on timing; bench/udp-burst.ts measures it against 1.2',
    what: '-udp asks for a 1 MiB receive buffer on each bound socket (SO_RCVBUFFORCE, which the kernel doubles past net.core.rmem_max; SO_RCVBUF, capped there, when not root); 1.2 keeps the default',
    reason:
      "only a burst shows it (bench/udp-burst.ts): our hits take longer to handle in JavaScript than 1.2's in C, so a burst " +
      'waits in the kernel; with the default buffer the kernel dropped all but 256 datagrams a port (ours 512 of 6000, 1.2 834).',
  },
  {
    id: 'stealth-table-after-sigkill',
    documentationOnly:
      "needs the daemon killed with SIGKILL and the namespace's nft tables listed afterwards, which the harness does not compare; 1.2 has no table",
    what: 'a stealth daemon killed with SIGKILL leaves its nft table (ip portsentry_MODE) behind until the next start of that mode, or portsentry blocked flush',
    reason:
      'SIGKILL cannot be caught, so the table cannot be removed on the way out; 1.2 has no table (it reads a raw socket). portsentry blocked list shows a left-over table.',
  },
  {
    id: 'blocked-file-fifo-at-start',
    documentationOnly:
      "1.2 never finishes starting (its invoking process waits in fopen() for a reader), so the driver's start times out with nothing to compare",
    what:
      'a blocked file (BLOCKED_FILE plus the mode) that is a FIFO without a reader at start: "Cannot delete blocked file on ' +
      'startup" and the start fails at once; 1.2\'s invoking process waits in fopen(..., "w") until a reader appears',
    reason:
      'a start that waits for ever without a word is worse than the ' +
      'error 1.2 gives for any blocked file it cannot empty.',
  },
];
