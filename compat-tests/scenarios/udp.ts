import type { Scenario } from '../lib/types.js';
import { conf, S1, S2 } from '../lib/conf.js';

export const scenarios: Scenario[] = [
  {
    name: 'udp/basic-datagram',
    about: 'a UDP datagram to a watched port blocks the source',
    argv: ['-udp'],
    config: conf(),
    actions: [{ do: 'udp', from: S1, port: 7 }],
  },
  {
    name: 'udp/two-sources-two-ports',
    about: 'two sources on two ports, then the first source again',
    argv: ['-udp'],
    config: conf(),
    actions: [
      { do: 'udp', from: S1, port: 1 },
      { do: 'udp', from: S2, port: 69 },
      { do: 'udp', from: S1, port: 9 },
    ],
  },
  {
    name: 'udp/empty-datagram',
    about: 'a zero-byte datagram is a hit',
    argv: ['-udp'],
    config: conf(),
    actions: [{ do: 'udp', from: S1, port: 7, payload: '' }],
  },
  {
    name: 'udp/unwatched-port',
    about: 'a datagram to a port not watched: nothing',
    argv: ['-udp'],
    config: conf(),
    actions: [{ do: 'udp', from: S1, port: 8 }],
  },
  {
    // PortSentryModeUDP: select(MAXSOCKS, ...) watches descriptors 0-63, which the 64 sockets take
    // exactly, as in -tcp (tcp/64-ports-last-one)
    name: 'udp/64-ports-last-one',
    about: 'with 64 ports in UDP_PORTS, a datagram to the last one announced is reported',
    argv: ['-udp'],
    config: conf({ UDP_PORTS: Array.from({ length: 64 }, (_, i) => 3001 + i).join(',') }),
    actions: [{ do: 'udp', from: S1, port: 3064 }],
  },
];
