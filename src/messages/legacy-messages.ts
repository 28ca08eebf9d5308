/**
 * Every byte the legacy path can emit: syslog texts, stdout lines and the usage text, exactly as
 * PortSentry 1.2 (Debian 1.2-14) sends them. A leaf module: it imports nothing of ours, so that
 * every layer (config, capture, engine, responders, outputs, daemon, legacy/cli) may use it. Some
 * texts end in "\n" and some do not: that is 1.2's doing and is kept. Nothing else in src/ may spell
 * a legacy message.
 *
 * Messages that are ours alone (for cases where 1.2 would hang, crash or overflow a buffer) are at
 * the end, under "Accepted differences"; each is listed in compat-tests/known-differences.ts.
 */

const VERSION = '1.2';
export const WRAPPER_HOSTS_DENY = '/etc/hosts.deny';

/** Usage(): printed on stdout. */
export const usage =
  'PortSentry - Port Scan Detector.\n' +
  'Copyright 1997-2003 Craig H. Rowland <craigrowland at users dot sourceforget dot net>\n' +
  'Licensing restrictions apply. Please see documentation\n' +
  `Version: ${VERSION}\n\n` +
  'usage: portsentry [-tcp -udp -stcp -atcp -sudp -audp]\n\n' +
  '*** PLEASE READ THE DOCS BEFORE USING *** \n\n';

/** main(): stdout lines. */
export const stdout = {
  notRoot: 'You need to be root to run this.\n',
  configMissing:
    'ERROR: Configuration files are missing/corrupted.\n' +
    'ERROR: Check your syslog for a more detailed error message.\n' +
    'ERROR: PortSentry is shutting down!\n',
  configCorrupted:
    'ERROR: Your config file is corrupted/missing mandatory option!\n' +
    'ERROR: Check your syslog for a more detailed error message.\n' +
    'ERROR: PortSentry is shutting down!\n',
  daemonFailed: 'ERROR: could not go into daemon mode. Shutting down.\n',
} as const;

type Proto = 'TCP' | 'UDP';

/** Syslog texts, grouped by the C function that logs them. */
export const log = {
  // Start(), Exit()
  starting: `adminalert: PortSentry ${VERSION} is starting.\n`,
  shuttingDown: ['securityalert: PortSentry is shutting down\n', 'adminalert: PortSentry is shutting down\n'] as const,

  // main()
  configFilesMissing: 'adminalert: ERROR: Configuration files are missing/corrupted. Shutting down.\n',
  configCorrupted: 'adminalert: ERROR: Your config file is corrupted/missing mandatory option! Shutting down.\n',
  daemonFailed: 'adminalert: ERROR: could not go into daemon mode. Shutting down.\n',
  modeFailed: 'adminalert: ERROR: could not go into PortSentry mode. Shutting down.\n',

  // CheckConfig(), ConfigTokenRetrieve()
  cannotOpenConfigExiting: (file: string) => `adminalert: Cannot open config file: ${file}. Exiting\n`,
  cannotOpenConfig: (file: string) => `adminalert: ERROR: Cannot open config file: ${file}.\n`,
  quotesMissing: (token: string) => `adminalert: Quotes missing from ${token} token. Option skipped\n`,

  // InitConfig()
  noScanTrigger:
    'adminalert: ERROR: Could not read SCAN_TRIGGER option from config file. Disabling SCAN DETECTION TRIGGER',
  blockedNameTooLong: (file: string) =>
    `adminalert: ERROR: Blocked filename is too long to append detection type file extension: ${file}.\n`,
  cannotTruncateBlocked: (file: string) => `adminalert: ERROR: Cannot delete blocked file on startup: ${file}.\n`,
  missingMandatory: (key: 'BLOCKED_FILE' | 'HISTORY_FILE' | 'IGNORE_FILE') =>
    `InitConfig: Cannot retrieve ${key} option! Aborting\n`,

  // PortSentryModeTCP(), PortSentryModeUDP() and the stealth modes: start-up
  cannotReadPorts: (key: string) => `adminalert: ERROR: Could not read ${key} option from config file`,
  noPorts: (proto: Proto) => `adminalert: ERROR: No ${proto} ports supplied in config file. Aborting`,
  listenOn: (proto: Proto, port: number) => `adminalert: Going into listen mode on ${proto} port: ${port}\n`,
  cannotOpenSocket: (proto: Proto) =>
    proto === 'TCP'
      ? 'adminalert: ERROR: could not open TCP socket. Aborting.\n'
      : 'adminalert: ERROR: could not open UDP socket. Aborting\n',
  cannotBind: (proto: Proto, port: number) =>
    `adminalert: ERROR: could not bind ${proto} socket: ${port}. Attempting to continue\n`,
  bindNone: (proto: Proto) => `adminalert: ERROR: could not bind ANY ${proto} sockets. Shutting down.\n`,
  active: 'adminalert: PortSentry is now active and listening.\n',
  selectFailed: 'adminalert: ERROR: select call failed. Shutting down.\n',

  // stealth modes (PortSentryStealthModeTCP/UDP)
  stealthListenOn: (proto: Proto, port: number) =>
    `adminalert: Going into stealth listen mode on ${proto} port: ${port}\n`,
  stealthOpenSocketFailed: (proto: Proto) => `adminalert: ERROR: could not open ${proto} socket. Aborting.\n`,
  stealthPortInUse: (port: number) =>
    `adminalert: ERROR: Socket ${port} is in use and will not be monitored. Attempting to continue\n`,
  stealthAllInUse: (proto: Proto) =>
    `adminalert: ERROR: All supplied ${proto} sockets are in use and will not be listened to. Shutting down.\n`,
  rawSocketFailed: (proto: Proto) => `adminalert: ERROR: could not open RAW ${proto} socket. Aborting.\n`,

  // advanced modes (PortSentryAdvancedStealthModeTCP/UDP)
  advancedNoLimit: (proto: Proto) =>
    `adminalert: ERROR: Could not read ADVANCED_PORTS_${proto} option from config file. Assuming 1024.`,
  advancedMonitor: (ports: number) => `adminalert: Advanced mode will monitor first ${ports} ports`,
  advancedExclude: (port: number) => `adminalert: Advanced mode will manually exclude port: ${port} `,
  advancedExcludeNone: 'adminalert: Advanced mode will manually exclude no ports',
  advancedIgnored: (proto: Proto, port: number) =>
    `adminalert: Advanced Stealth scan detection mode activated. Ignored ${proto} port: ${port}\n`,

  // SmartVerifyTCP(), SmartVerifyUDP()
  smartVerifySocketFailed: (proto: Proto) => `adminalert: ERROR: could not open ${proto} socket to smart-verify.\n`,

  // PacketReadTCP(), PacketReadUDP()
  illegalHeaderLength: (proto: Proto, ihl: number, host: string) =>
    `attackalert: Illegal IP header length detected in ${proto} packet: ${ihl} from (possible) host: ${host}\n`,

  // detection loop
  acceptFailed: (port: number) =>
    `attackalert: Possible stealth scan from unknown host to TCP port: ${port} (accept failed)`,
  udpRecvFailed: (port: number) => `adminalert: ERROR: could not accept incoming socket for UDP port: ${port}\n`,
  ignoreFileMissing: 'attackalert: ERROR: cannot open ignore file. Blocking host anyway.\n',
  connect: (resolved: string, target: string, proto: Proto, port: number) =>
    `attackalert: Connect from host: ${resolved}/${target} to ${proto} port: ${port}`,
  stealthScan: (kind: string, resolved: string, target: string, port: number) =>
    `attackalert: ${kind} from host: ${resolved}/${target} to TCP port: ${port}`,
  udpScan: (resolved: string, target: string, port: number) =>
    `attackalert: UDP scan from host: ${resolved}/${target} to UDP port: ${port}`,
  ipOptions: (resolved: string, target: string, proto: Proto, port: number) =>
    `attackalert: Packet from host: ${resolved}/${target} to ${proto} port: ${port} has IP options set (detection avoidance technique).`,
  /** classic modes print the address alone; the stealth modes print "resolved/address". */
  couldNotBlockClassic: (target: string) => `attackalert: ERROR: Could not block host ${target} !!`,
  couldNotBlockStealthTcp: (resolved: string, target: string) =>
    `attackalert: ERROR: Could not block host ${resolved}/${target} !!`,
  couldNotBlockStealth: (resolved: string, target: string) =>
    `attackalert: ERROR: Could not block host ${resolved}/${target}!!`,
  alreadyBlockedClassic: (target: string) => `attackalert: Host: ${target} is already blocked. Ignoring`,
  alreadyBlockedStealth: (resolved: string, target: string) =>
    `attackalert: Host: ${resolved}/${target} is already blocked Ignoring`,

  // the "Error resolving host" literal is split by a backslash-newline in the C source, so the
  // indentation of its continuation line is part of the text, and differs between the modes.
  resolveFailed: {
    tcp: 'attackalert: ERROR: Error resolving host. \t\t\t\t\tresolving disabled for this host.\n',
    udp: 'attackalert: ERROR: Error resolving host. \t\t\t\t\tresolving disabled for this host.\n',
    stcp: 'attackalert: ERROR: Error resolving host. \t\t\t\t\t      resolving disabled for this host.\n',
    atcp: 'attackalert: ERROR: Error resolving host. \t\t\t\t\t      \tresolving disabled for this host.\n',
    sudp: 'attackalert: ERROR: Error resolving host. \t\t\t\t\tresolving disabled for this host.\n',
    audp: 'attackalert: ERROR: Error resolving host. \t\t\t\t\tresolving disabled for this host.\n',
  },

  // CheckStateEngine(): the first line has two %d and one argument in 1.2; see triggerTooLarge below.
  triggerAdjust: 'Adjust the value lower or recompile with a larger state engine value.\n',
  triggerBlockAnyway: 'securityalert: Blocking host anyway because of invalid trigger value',

  // DisposeTCP(), DisposeUDP()
  ignoringResponse: (proto: Proto) => `attackalert: Ignoring ${proto} response per configuration file setting.`,

  // KillRoute(), KillRunCmd(), KillHostsDeny()
  noTargetVariable: (option: 'KILL_ROUTE' | 'KILL_ROUTE6' | 'KILL_HOSTS_DENY') =>
    `adminalert: No target variable specified in ${option} option. Skipping.\n`,
  tokenParseError: (token: '$TARGET$' | '$PORT$' | '$MODE$', option: string) =>
    `adminalert: Error trying to parse ${token} Token for ${option}. Skipping.\n`,
  blockExecFail: (target: string) => `adminalert: ERROR: There was an error trying to block host (exec fail) ${target}`,
  blockSystemFail: (target: string) =>
    `adminalert: ERROR: There was an error trying to block host (system fail) ${target}`,
  routeBlocked: (target: string, command: string) =>
    `attackalert: Host ${target} has been blocked via dropped route using command: "${command}"`,
  runExecFail: (target: string) => `adminalert: ERROR: There was an error trying to run command (exec fail) ${target}`,
  runSystemFail: (target: string) =>
    `adminalert: ERROR: There was an error trying to run command (system fail) ${target}`,
  commandRun: (target: string, command: string) =>
    `attackalert: External command run for host: ${target} using command: "${command}"`,
  hostsDenyOpenFailed: (file: string) => `adminalert: cannot open hosts.deny file: ${file} for blocking.`,
  hostsDenyBlockError: (target: string) => `securityalert: ERROR: There was an error trying to block host ${target}`,
  hostsDenyBlocked: (target: string, line: string) =>
    `attackalert: Host ${target} has been blocked via wrappers with string: "${line}"`,

  // WriteBlocked(), IsBlocked(), NeverBlock()
  cannotOpenBlocked: (file: string) => `adminalert: ERROR: Cannot open blocked file: ${file}.\n`,
  cannotOpenHistory: (file: string) => `adminalert: ERROR: Cannot open history file: ${file}.\n`,
  cannotReadBlocked: (file: string) =>
    `adminalert: ERROR: Cannot open blocked file: ${file} for reading. Will create.\n`,
  invalidNetmask: (line: string) => `adminalert: Invalid netmask in config file: ${line}  Ignoring entry.\n`,

  // ---- Accepted differences: texts 1.2 never sends (see compat-tests/known-differences.ts) ----
  ours: {
    commandTimedOut: (option: string, seconds: number, command: string) =>
      `adminalert: ERROR: ${option} command did not finish within ${seconds} seconds and was killed: "${command}"`,
    substitutionTooLong: (option: string) =>
      `adminalert: ERROR: ${option} is too long after substitution (more than 1023 bytes). Skipping.\n`,
    /** stealth modes: libpcap cannot be used at all (no cap module, no permission, no device) */
    captureFailed: (reason: string) => `adminalert: ERROR: cannot capture packets: ${reason}\n`,
    /** ENABLE_IPV6, stealth modes: no IPv6 capture at all (the IPv4 one goes on) */
    ipv6CaptureFailed: (reason: string) =>
      `adminalert: ERROR: cannot capture IPv6 packets: ${reason}; IPv6 scans are not detected.\n`,
    /** ENABLE_IPV6, classic modes: no IPv6 socket can be opened (IPv6 is off in the kernel); the IPv4 ones go on */
    ipv6SocketsUnavailable: (proto: string, reason: string) =>
      `adminalert: ERROR: cannot open an IPv6 ${proto} socket (${reason}); IPv6 connections are not detected.\n`,
    /** stealth modes: our netfilter log rule cannot be set up, so a plain tap is used instead */
    firewallViewUnavailable: (reason: string) =>
      `adminalert: WARNING: cannot see packets after the firewall (${reason}); capturing on all interfaces instead, so packets the firewall drops are reported too.\n`,
    /** stealth modes: our netfilter table disappeared (e.g. a firewall reload) and was put back */
    firewallRuleRestored: (table: string) =>
      `adminalert: WARNING: netfilter table ${table} was removed; it has been restored.\n`,
    /** stealth modes: our netfilter table disappeared and could not be put back */
    firewallRuleLost: (table: string, reason: string) =>
      `adminalert: ERROR: netfilter table ${table} was removed and cannot be restored (${reason}); no packets are seen until it is.\n`,
    /** stealth modes: the kernel dropped packets for us (our capture buffer was full); 1.2 loses them silently */
    packetsLost: (lost: number, total: number) =>
      `adminalert: ERROR: ${lost} packets were lost because the capture buffer was full (${total} so far).\n`,
    queueOverflow: (dropped: number) =>
      `adminalert: ERROR: events arrive faster than they can be handled; ${dropped} dropped so far.\n`,
    /** ENABLE_IPV6: an IPv6 host and a KILL_ROUTE but no KILL_ROUTE6: KILL_ROUTE is never run with an IPv6 address */
    routeNotForIpv6: (target: string) =>
      `attackalert: Host ${target} has not been blocked via dropped route: KILL_ROUTE is for IPv4 hosts and no KILL_ROUTE6 is set for IPv6 hosts.`,
    /** NeverBlock(): the ignore file is a FIFO, a device...: 1.2 would wait in fopen() or read it forever */
    ignoreFileNotRegular: (file: string, found: string) =>
      `adminalert: ERROR: ignore file ${file} is ${found}, not a regular file; not reading it.\n`,
    /** NeverBlock(): the ignore file is past its bound (bytes or lines); what follows is not read */
    ignoreFileCut: (file: string, bound: string) =>
      `adminalert: WARNING: ignore file ${file} is longer than ${bound}; the rest of it is not read.\n`,
    // CrowdSec push (CROWDSEC_CREDENTIALS set): never logged with the key off
    /** the Local API could not be reached or did not take the alerts; they stay queued and spooled */
    crowdsecFailing: (reason: string, queued: number) =>
      `adminalert: WARNING: CrowdSec: cannot push alerts (${reason}); ${queued} queued, retrying.\n`,
    /** the Local API takes alerts again after failures */
    crowdsecResumed: (sent: number) => `adminalert: CrowdSec: pushing alerts again; ${sent} sent so far.\n`,
    /** the queue (and spool) is full: new alerts are dropped, counted */
    crowdsecDropped: (dropped: number, bound: number) =>
      `adminalert: ERROR: CrowdSec: queue full (${bound} alerts); ${dropped} dropped so far.\n`,
    /** the Local API refused alerts for good (a 4xx other than 401/403): they are dropped, counted */
    crowdsecRejected: (rejected: number, reason: string) =>
      `adminalert: ERROR: CrowdSec: the Local API rejected alerts (${reason}); ${rejected} dropped so far.\n`,
    /** an alert could not be written to (or removed from) the spool */
    crowdsecSpoolFailed: (reason: string) => `adminalert: ERROR: CrowdSec: spool: ${reason}\n`,
    /** alerts left by the previous run were found in the spool and are sent again */
    crowdsecSpoolLoaded: (count: number, dir: string) =>
      `adminalert: CrowdSec: ${count} alerts left in ${dir} by the previous run are queued.\n`,
  },
} as const;

/**
 * The second number of 1.2's "Trigger value %d is larger than state engine capacity of %d." comes
 * from a register (rdx, left by strncpy inside SafeStrncpy), not from an argument. The Debian 1.2-14
 * amd64 binary prints 0 there, measured in -tcp and -udp on this project's machines; MAX_STATE (50),
 * which the C meant, is never printed.
 */
const TRIGGER_MESSAGE_SECOND_NUMBER = 0;

/**
 * CheckStateEngine(): "Trigger value %d is larger than state engine capacity of %d.\n" is called
 * with one argument only, so the second number is whatever the register held
 * (TRIGGER_MESSAGE_SECOND_NUMBER, measured from the 1.2 binary; see compat-tests).
 */
export const triggerTooLarge = (trigger: number, garbage: number = TRIGGER_MESSAGE_SECOND_NUMBER): string =>
  `securityalert: WARNING: Trigger value ${trigger} is larger than state engine capacity of ${garbage}.\n`;

/** WriteBlocked(): one line of the blocked and history files. */
export const blockedLine = (when: Date, resolved: string, target: string, port: number, proto: Proto): string => {
  const p2 = (n: number) => String(n).padStart(2, '0');
  const epoch = Math.floor(when.getTime() / 1000);
  return (
    `${epoch} - ${p2(when.getMonth() + 1)}/${p2(when.getDate())}/${String(when.getFullYear()).padStart(4, '0')} ` +
    `${p2(when.getHours())}:${p2(when.getMinutes())}:${p2(when.getSeconds())} ` +
    `Host: ${resolved}/${target} Port: ${port} ${proto} Blocked\n`
  );
};
