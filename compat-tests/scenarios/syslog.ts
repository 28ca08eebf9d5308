import type { Scenario } from '../lib/types.js';
import { conf, S1 } from '../lib/conf.js';

/** Log(): without /dev/log nothing is captured, everything else must still be identical. */
export const scenarios: Scenario[] = [
  {
    name: 'syslog/no-dev-log-tcp',
    about: 'no /dev/log: the daemon runs and blocks as usual',
    argv: ['-tcp'],
    config: conf({ PORT_BANNER: 'banner' }),
    noDevLog: true,
    actions: [
      { do: 'tcp', from: S1, port: 11 },
      { do: 'tcp', from: S1, port: 15 },
    ],
  },
  {
    name: 'syslog/no-dev-log-udp',
    about: 'no /dev/log, -udp',
    argv: ['-udp'],
    config: conf({ PORT_BANNER: 'banner' }),
    noDevLog: true,
    actions: [{ do: 'udp', from: S1, port: 7 }],
  },
  {
    name: 'syslog/no-dev-log-config-missing',
    about: 'no /dev/log and no config: the stdout lines and the exit status',
    argv: ['-tcp'],
    config: null,
    noDevLog: true,
  },
  {
    name: 'syslog/no-dev-log-sigterm',
    about: 'no /dev/log: SIGTERM still ends the daemon',
    argv: ['-tcp'],
    config: conf(),
    noDevLog: true,
    actions: [{ do: 'signal', signal: 'SIGTERM' }],
  },
];
