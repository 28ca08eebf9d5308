import type { Action, Scenario } from '../lib/types.js';
import { conf, S1, S2 } from '../lib/conf.js';

/** DisposeTCP()/DisposeUDP() and the Kill*() responders. Commands write into /var/lib/portsentry. */
const OUT = '/var/lib/portsentry/out';
const RUN = `/bin/echo run $TARGET$ $PORT$ $MODE$ >> ${OUT}`;
const ROUTE = `/bin/echo route $TARGET$ $PORT$ $MODE$ >> ${OUT}`;
const tcpScan: Action[] = [{ do: 'tcp', from: S1, port: 11 }];
const udpScan: Action[] = [{ do: 'udp', from: S1, port: 7 }];

const resp = (
  name: string,
  over: Record<string, string | null>,
  about: string,
  argv = ['-tcp'],
  actions?: Action[],
): Scenario => ({
  name: `responses/${name}`,
  about,
  argv,
  config: conf({ KILL_RUN_CMD: RUN, ...over }),
  actions: actions ?? (argv[0] === '-udp' ? udpScan : tcpScan),
});

export const scenarios: Scenario[] = [
  resp(
    'block-tcp-0',
    { BLOCK_TCP: '0' },
    'BLOCK_TCP=0: "Ignoring TCP response", the host is still written to the blocked file',
  ),
  resp('block-tcp-1', { BLOCK_TCP: '1' }, 'BLOCK_TCP=1: hosts.deny, route, then the command'),
  resp('block-tcp-2', { BLOCK_TCP: '2' }, 'BLOCK_TCP=2: the command only'),
  resp('block-tcp-5', { BLOCK_TCP: '5' }, 'BLOCK_TCP=5: as 0'),
  resp('block-udp-0', { BLOCK_UDP: '0' }, 'BLOCK_UDP=0', ['-udp']),
  resp('block-udp-1', { BLOCK_UDP: '1' }, 'BLOCK_UDP=1', ['-udp']),
  resp('block-udp-2', { BLOCK_UDP: '2' }, 'BLOCK_UDP=2', ['-udp']),
  resp('block-udp-5', { BLOCK_UDP: '5' }, 'BLOCK_UDP=5', ['-udp']),
  resp('block-tcp-0-udp-mode', { BLOCK_TCP: '0', BLOCK_UDP: '1' }, 'BLOCK_TCP does not affect -udp', ['-udp']),
  resp('block-2-no-command', { BLOCK_TCP: '2', KILL_RUN_CMD: null }, 'BLOCK_TCP=2 with no KILL_RUN_CMD'),
  resp(
    'hosts-deny-tokens',
    { KILL_HOSTS_DENY: 'ALL: $TARGET$ : $PORT$ $MODE$ $TARGET$ $PORT$' },
    'KILL_HOSTS_DENY with $TARGET$, $PORT$, $MODE$, twice',
  ),
  resp('hosts-deny-tokens-udp', { KILL_HOSTS_DENY: '$MODE$: $TARGET$ $PORT$' }, 'KILL_HOSTS_DENY tokens, -udp', [
    '-udp',
  ]),
  resp(
    'hosts-deny-no-target',
    { KILL_HOSTS_DENY: 'ALL: 192.0.2.1 $PORT$' },
    'KILL_HOSTS_DENY without $TARGET$: skipped, the host is not written',
  ),
  resp('route-no-target', { KILL_ROUTE: `/bin/echo route $PORT$ >> ${OUT}` }, 'KILL_ROUTE without $TARGET$: skipped'),
  resp('route-only', { KILL_HOSTS_DENY: null, KILL_RUN_CMD: null }, 'KILL_ROUTE alone'),
  resp(
    'nothing-configured',
    { KILL_HOSTS_DENY: null, KILL_ROUTE: null, KILL_RUN_CMD: null },
    'no response configured: just the files',
  ),
  resp(
    'run-cmd-after',
    { KILL_HOSTS_DENY: null, KILL_ROUTE: ROUTE, KILL_RUN_CMD_FIRST: '0' },
    'KILL_RUN_CMD after KILL_ROUTE (order in the out file)',
  ),
  resp(
    'run-cmd-first',
    { KILL_ROUTE: ROUTE, KILL_RUN_CMD_FIRST: '1' },
    'KILL_RUN_CMD_FIRST=1: the command before hosts.deny and the route',
  ),
  resp('run-cmd-first-udp', { KILL_ROUTE: ROUTE, KILL_RUN_CMD_FIRST: '1' }, 'KILL_RUN_CMD_FIRST=1, -udp', ['-udp']),
  resp(
    'run-cmd-first-without-run-cmd',
    { KILL_RUN_CMD: null, KILL_RUN_CMD_FIRST: '1' },
    'KILL_RUN_CMD_FIRST without KILL_RUN_CMD is not read',
  ),
  resp(
    'command-exits-1',
    { KILL_RUN_CMD: `/bin/echo ran >> ${OUT}; exit 1`, KILL_ROUTE: 'exit 1 $TARGET$' },
    'commands that exit 1: 1.2 still reports success',
  ),
  resp(
    'command-missing',
    { KILL_RUN_CMD: '/nonexistent/portsentry-run $TARGET$', KILL_ROUTE: '/nonexistent/portsentry-route $TARGET$' },
    'commands that do not exist (sh exits 127, status 32512): 1.2 reports success',
  ),
  resp(
    'command-stderr',
    { KILL_RUN_CMD: '/bin/echo to-stderr 1>&2; /bin/echo to-stdout' },
    'a command writing to stdout and stderr (closed in the daemon)',
  ),
  resp(
    'already-blocked',
    {},
    'a second scan from the same source: "already blocked", no response',
    ['-tcp'],
    [
      { do: 'tcp', from: S1, port: 11 },
      { do: 'tcp', from: S1, port: 15 },
      { do: 'tcp', from: S2, port: 15 },
    ],
  ),
  resp(
    'already-blocked-udp',
    {},
    'already blocked, -udp',
    ['-udp'],
    [
      { do: 'udp', from: S1, port: 7 },
      { do: 'udp', from: S1, port: 9 },
    ],
  ),
  resp(
    'is-blocked-longer-address',
    {},
    'IsBlocked: 127.1.12.3 blocked, then 127.1.2.3, 127.1.2.33 and 127.1.12.3',
    ['-tcp'],
    [
      { do: 'tcp', from: '127.1.12.3', port: 11 },
      { do: 'tcp', from: '127.1.2.3', port: 11 },
      { do: 'tcp', from: '127.1.2.33', port: 11 },
      { do: 'tcp', from: '127.1.12.3', port: 11 },
    ],
  ),
  {
    name: 'responses/is-blocked-name-contains-address',
    about: 'IsBlocked: a blocked host resolved to a name containing "127.1.2.3/" makes 127.1.2.3 look blocked',
    argv: ['-tcp'],
    config: conf({ RESOLVE_HOST: '1' }),
    files: { '/etc/hosts': '127.0.0.1 localhost\n127.1.5.5 x127.1.2.3\n' },
    actions: [
      { do: 'tcp', from: '127.1.5.5', port: 11 },
      { do: 'tcp', from: S1, port: 11 },
    ],
  },
  {
    name: 'responses/is-blocked-preexisting-history',
    about: 'the blocked file is emptied at start, so a host in the history is not "already blocked"',
    argv: ['-tcp'],
    config: conf(),
    files: {
      '/var/lib/portsentry/portsentry.history':
        '1000000000 - 09/09/2001 01:46:40 Host: 127.1.2.3/127.1.2.3 Port: 11 TCP Blocked\n',
      '/var/lib/portsentry/portsentry.blocked.tcp':
        '1000000000 - 09/09/2001 01:46:40 Host: 127.1.2.3/127.1.2.3 Port: 11 TCP Blocked\n',
    },
    actions: tcpScan,
  },
  resp('banner-tcp', { PORT_BANNER: '** UNAUTHORIZED ACCESS PROHIBITED **' }, 'PORT_BANNER sent to the TCP scanner'),
  resp('banner-udp', { PORT_BANNER: '** UNAUTHORIZED ACCESS PROHIBITED **' }, 'PORT_BANNER sent to the UDP scanner', [
    '-udp',
  ]),
  resp('banner-tab', { PORT_BANNER: 'before\tafter' }, 'a banner with a tab is cut there'),
  resp('banner-tab-udp', { PORT_BANNER: 'before\tafter' }, 'a banner with a tab, -udp', ['-udp']),
  resp('banner-empty', { PORT_BANNER: '' }, 'an empty banner'),
  resp('banner-empty-udp', { PORT_BANNER: '' }, 'an empty banner, -udp', ['-udp']),
  resp('banner-latin1', { PORT_BANNER: 'caf\xe9 \xa9' }, 'banner bytes above 127 (not printable in the C locale: cut)'),
  {
    name: 'responses/banner-ignored-host',
    about: 'an ignored host gets no banner',
    argv: ['-tcp'],
    config: conf({ PORT_BANNER: 'go away' }),
    files: { '/etc/portsentry/portsentry.ignore': '127.0.0.1\n127.0.0.3\n' },
    actions: [{ do: 'tcp', from: '127.0.0.3', port: 11 }],
  },
  {
    name: 'responses/hosts-deny-is-dir',
    about: '/etc/hosts.deny is a directory: "cannot open hosts.deny file", the host is not written',
    argv: ['-tcp'],
    config: conf({ KILL_RUN_CMD: RUN }),
    files: { '/etc/hosts.deny': { dir: true } },
    actions: tcpScan,
  },
  resp('hosts-deny-empty-value', { KILL_HOSTS_DENY: '' }, 'KILL_HOSTS_DENY="" is no hosts.deny response'),
  resp(
    'malformed-tokens',
    { KILL_ROUTE: `/bin/echo $TARGET $TARGET$$ $$PORT$ $MODE $PORT$$MODE$ >> ${OUT}`, KILL_RUN_CMD: null },
    'near-miss and adjacent tokens in a command',
  ),
  resp(
    'quotes-in-command',
    { KILL_RUN_CMD: `/bin/echo 'single $TARGET$' \\$PORT$ >> ${OUT}` },
    'single quotes and a backslash in KILL_RUN_CMD reach the shell as written',
  ),
  {
    name: 'responses/history-is-dir',
    about: 'HISTORY_FILE is a directory: "Cannot open history file" at the block',
    argv: ['-udp'],
    config: conf({ KILL_RUN_CMD: RUN }),
    files: { '/var/lib/portsentry/portsentry.history': { dir: true } },
    actions: udpScan,
  },
  resp(
    'command-environment',
    { KILL_RUN_CMD: `(umask; pwd; /usr/bin/env | /usr/bin/sort) >> ${OUT}`, KILL_ROUTE: null },
    'what a command inherits from the daemon: umask, working directory, environment',
  ),
  resp(
    'command-environment-udp',
    { KILL_RUN_CMD: `(umask; pwd; /usr/bin/env | /usr/bin/sort) >> ${OUT}`, KILL_ROUTE: null },
    'what a command inherits, -udp',
    ['-udp'],
  ),
  resp(
    'command-descriptors',
    { KILL_RUN_CMD: `/bin/ls /proc/$$/fd >> ${OUT}`, KILL_ROUTE: null },
    'the descriptors a command inherits from the daemon',
  ),
  resp(
    'command-signals',
    { KILL_RUN_CMD: `/bin/grep -E '^Sig(Blk|Ign|Cgt)' /proc/self/status >> ${OUT}`, KILL_ROUTE: null },
    'the signal mask and dispositions a command inherits from the daemon (SIGHUP, SIGPIPE, SIGALRM ignored)',
  ),
  resp(
    'command-signals-udp',
    { KILL_RUN_CMD: `/bin/grep -E '^Sig(Blk|Ign|Cgt)' /proc/self/status >> ${OUT}`, KILL_ROUTE: null },
    'the signals a command inherits, -udp',
    ['-udp'],
  ),
  resp(
    'long-command',
    { KILL_ROUTE: `/bin/true ${'r'.repeat(980)} $TARGET$`, KILL_RUN_CMD: null },
    'a ~1000-byte command: the log line is cut at 1023 bytes',
  ),
  resp(
    'command-too-long-after-subst',
    { KILL_ROUTE: `/bin/true ${'r'.repeat(1005)} $TARGET$`, KILL_RUN_CMD: null },
    'a command too long for SubstString: "Error trying to parse $TARGET$"',
  ),
];
