import type { Scenario } from '../lib/types.js';
import { conf, S1, S2 } from '../lib/conf.js';

export const scenarios: Scenario[] = [
  {
    name: 'tcp/basic-connect',
    about: 'a TCP connect to a watched port blocks the source: hosts.deny, KILL_ROUTE, blocked and history files',
    argv: ['-tcp'],
    config: conf(),
    actions: [{ do: 'tcp', from: S1, port: 11 }],
  },
  {
    name: 'tcp/two-sources-two-ports',
    about: 'two sources on two ports, then the first source again (already blocked)',
    argv: ['-tcp'],
    config: conf(),
    actions: [
      { do: 'tcp', from: S1, port: 1 },
      { do: 'tcp', from: S2, port: 79 },
      { do: 'tcp', from: S1, port: 15 },
    ],
  },
];

scenarios.push(
  {
    name: 'tcp/unwatched-port',
    about: 'a connect to a port not watched is refused and not logged',
    argv: ['-tcp'],
    config: conf(),
    actions: [{ do: 'tcp', from: S1, port: 12 }],
  },
  {
    name: 'tcp/mode-in-commands',
    about: '$MODE$ is "tcp" in every command',
    argv: ['-tcp'],
    config: conf({ KILL_HOSTS_DENY: '$MODE$: $TARGET$', KILL_RUN_CMD: '/bin/echo $MODE$ >> /var/lib/portsentry/out' }),
    actions: [{ do: 'tcp', from: S1, port: 79 }],
  },
);

scenarios.push(
  {
    name: 'tcp/reset-before-accept',
    about: 'a connection reset while it waits in the accept queue is still logged and blocked under its source address',
    argv: ['-tcp'],
    config: conf({ KILL_RUN_CMD: '/bin/echo run $TARGET$ $PORT$ >> /var/lib/portsentry/out' }),
    actions: [{ do: 'tcp', from: [S1, S2], port: 11, resetBeforeAccept: true }],
  },
  {
    name: 'tcp/reset-before-accept-trigger',
    about: 'with SCAN_TRIGGER=1 two reset connections from one source reach the trigger as two visits',
    argv: ['-tcp'],
    config: conf({ SCAN_TRIGGER: '1' }),
    actions: [{ do: 'tcp', from: [S1, S1], port: 11, resetBeforeAccept: true }],
  },
  {
    // PortSentryModeTCP calls select(MAXSOCKS, ...), which watches descriptors 0-63 only; the 64
    // sockets take exactly 0-63 (DaemonSeed closed 0-2, and Log() closes syslog after each line),
    // so 1.2 answers on the 64th port too (measured: the same lines as ours)
    name: 'tcp/64-ports-last-one',
    about: 'with 64 ports in TCP_PORTS, a connection to the last one announced is reported',
    argv: ['-tcp'],
    config: conf({ TCP_PORTS: Array.from({ length: 64 }, (_, i) => 3001 + i).join(',') }),
    actions: [{ do: 'tcp', from: S1, port: 3064 }],
  },
);
