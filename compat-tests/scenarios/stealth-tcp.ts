import type { Scenario } from '../lib/types.js';
import { conf, S1, S2 } from '../lib/conf.js';

/** PortSentryStealthModeTCP (-stcp): SYNs from real connects */
export const scenarios: Scenario[] = [
  {
    name: 'stealth-tcp/syn-connect',
    about: 'a connect (SYN) to a watched port is a "TCP SYN/Normal scan" and blocks the source',
    argv: ['-stcp'],
    config: conf(),
    actions: [{ do: 'tcp', from: S1, port: 11 }],
  },
  {
    name: 'stealth-tcp/two-sources',
    about: 'two sources on two ports, then the first again (already blocked)',
    argv: ['-stcp'],
    config: conf(),
    actions: [
      { do: 'tcp', from: S1, port: 1 },
      { do: 'tcp', from: S2, port: 79 },
      { do: 'tcp', from: S1, port: 15 },
    ],
  },
];
