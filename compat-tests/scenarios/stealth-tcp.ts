import type { Scenario } from '../lib/types.js';
import type { CraftedPacket } from '../lib/crafted-packets.js';
import { conf, S1, S2, S3 } from '../lib/conf.js';

/** every combination of the six flags 1.2 looks at, in order, each from its own source */
const ALL_FLAGS = Array.from({ length: 64 }, (_, i) => [...'FSRPAU'].filter((_, b) => (i >> b) & 1).join(''));
const flagPackets: CraftedPacket[] = ALL_FLAGS.map((flags, i) => ({
  proto: 'tcp',
  from: `127.1.1.${i + 1}`,
  port: 11,
  flags,
}));

const syn = (from: string, port: number, extra: Partial<CraftedPacket> = {}): CraftedPacket => ({
  proto: 'tcp',
  from,
  port,
  flags: 'S',
  ...extra,
});

/** PortSentryStealthModeTCP (-stcp) */
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
  {
    name: 'stealth-tcp/every-flag-combination',
    about: 'the 64 combinations of FIN SYN RST PSH ACK URG: SYN, FIN, XMAS, NULL, Unknown Type, ACK/RST ignored',
    argv: ['-stcp'],
    config: conf({ BLOCK_TCP: '0' }),
    actions: [{ do: 'packets', packets: flagPackets }],
  },
  {
    name: 'stealth-tcp/ece-cwr-not-looked-at',
    about: 'ECE and CWR do not change the scan type',
    argv: ['-stcp'],
    config: conf({ BLOCK_TCP: '0' }),
    actions: [
      {
        do: 'packets',
        packets: [syn(S1, 1, { flags: 'SEC' }), syn(S2, 11, { flags: 'FE' }), syn(S3, 15, { flags: 'C' })],
      },
    ],
  },
  {
    name: 'stealth-tcp/ip-options',
    about: 'a packet with IP options gets the "detection avoidance technique" line',
    argv: ['-stcp'],
    config: conf(),
    actions: [{ do: 'packets', packets: [syn(S1, 11, { options: 4 }), syn(S2, 15, { options: 40, flags: 'F' })] }],
  },
  {
    name: 'stealth-tcp/packets-the-kernel-drops',
    about: 'an illegal IHL, a truncated packet and lone fragments never reach a raw socket: nothing',
    argv: ['-stcp'],
    config: conf(),
    actions: [
      {
        do: 'packets',
        packets: [
          syn(S1, 11, { ihl: 4 }),
          syn(S1, 11, { ihl: 3 }),
          syn(S2, 11, { truncate: 30 }),
          syn(S3, 11, { fragment: 'later' }),
          syn(S3, 15, { fragment: 'first' }),
        ],
      },
    ],
  },
  {
    name: 'stealth-tcp/unwatched-port',
    about: 'packets to ports not listed: nothing',
    argv: ['-stcp'],
    config: conf(),
    actions: [{ do: 'packets', packets: [syn(S1, 12), syn(S1, 2), syn(S1, 80)] }],
  },
  {
    name: 'stealth-tcp/port-in-use-at-start',
    about: 'a port a service holds is skipped with 1.2 message, the others are watched',
    argv: ['-stcp'],
    config: conf(),
    occupy: [{ proto: 'tcp', port: 11 }],
    actions: [{ do: 'packets', packets: [syn(S1, 11), syn(S2, 15)] }],
  },
  {
    name: 'stealth-tcp/all-ports-in-use',
    about: 'every port held: 1.2 shuts down',
    argv: ['-stcp'],
    config: conf({ TCP_PORTS: '11,15' }),
    occupy: [
      { proto: 'tcp', port: 11 },
      { proto: 'tcp', port: 15 },
    ],
  },
  {
    name: 'stealth-tcp/port-bound-after-start',
    about: 'smart-verify: a port bound after the start is ignored, the others still report',
    argv: ['-stcp'],
    config: conf(),
    actions: [
      { do: 'occupy', proto: 'tcp', port: 15 },
      { do: 'packets', packets: [syn(S1, 15), syn(S2, 79)] },
    ],
  },
  {
    name: 'stealth-tcp/ignored-source',
    about: 'a source in the ignore file is not reported',
    argv: ['-stcp'],
    config: conf(),
    files: { '/etc/portsentry/portsentry.ignore': `127.0.0.1\n${S1}\n` },
    actions: [{ do: 'packets', packets: [syn(S1, 11), syn(S2, 11)] }],
  },
  {
    name: 'stealth-tcp/repeated-source',
    about: 'the same source three times: blocked once, then "already blocked"',
    argv: ['-stcp'],
    config: conf(),
    actions: [{ do: 'packets', packets: [syn(S1, 1), syn(S1, 11, { flags: 'F' }), syn(S1, 79, { flags: '' })] }],
  },
  {
    name: 'stealth-tcp/scan-trigger-3',
    about: 'SCAN_TRIGGER 3: the third packet from a source reports',
    argv: ['-stcp'],
    config: conf({ SCAN_TRIGGER: '3' }),
    actions: [{ do: 'packets', packets: [syn(S1, 1), syn(S2, 1), syn(S1, 11), syn(S1, 15), syn(S2, 79)] }],
  },
  {
    name: 'stealth-tcp/firewall-drops',
    about: 'KILL_ROUTE really drops the source (iptables): later packets from it are never seen',
    argv: ['-stcp'],
    config: conf({ KILL_ROUTE: '/usr/sbin/iptables -I INPUT -s $TARGET$ -j DROP', KILL_HOSTS_DENY: null }),
    actions: [
      { do: 'packets', packets: [syn(S1, 1)] },
      { do: 'packets', packets: [syn(S1, 11), syn(S1, 15, { flags: 'F' }), syn(S2, 79)] },
    ],
  },
  {
    name: 'stealth-tcp/block-tcp-0',
    about: 'BLOCK_TCP 0: no response, but the blocked and history files are written',
    argv: ['-stcp'],
    config: conf({ BLOCK_TCP: '0' }),
    actions: [{ do: 'packets', packets: [syn(S1, 11), syn(S1, 15)] }],
  },
  {
    name: 'stealth-tcp/block-tcp-2-run-cmd',
    about: 'BLOCK_TCP 2: only KILL_RUN_CMD runs',
    argv: ['-stcp'],
    config: conf({ BLOCK_TCP: '2', KILL_RUN_CMD: '/bin/echo run $TARGET$ $PORT$ $MODE$ >> /var/lib/portsentry/out' }),
    actions: [{ do: 'packets', packets: [syn(S1, 11)] }],
  },
  {
    name: 'stealth-tcp/run-cmd-first',
    about: 'KILL_RUN_CMD before the blocking (KILL_RUN_CMD_FIRST 1)',
    argv: ['-stcp'],
    config: conf({
      KILL_RUN_CMD: '/bin/echo run $TARGET$ $PORT$ $MODE$ >> /var/lib/portsentry/out',
      KILL_RUN_CMD_FIRST: '1',
    }),
    actions: [{ do: 'packets', packets: [syn(S1, 79, { flags: 'FPU' })] }],
  },
  {
    name: 'stealth-tcp/failing-kill-route',
    about: 'a KILL_ROUTE that cannot run: the stealth "Could not block" text with its space',
    argv: ['-stcp'],
    config: conf({ KILL_ROUTE: '/nonexistent/route $TARGET$', KILL_HOSTS_DENY: null }),
    actions: [{ do: 'packets', packets: [syn(S1, 11)] }],
  },
  {
    name: 'stealth-tcp/could-not-block',
    about: 'KILL_ROUTE without $TARGET$: DisposeTCP fails, the stealth TCP text has a space before "!!"',
    argv: ['-stcp'],
    config: conf({ KILL_ROUTE: '/bin/true', KILL_HOSTS_DENY: null }),
    actions: [{ do: 'packets', packets: [syn(S1, 11), syn(S1, 15)] }],
  },
  {
    name: 'stealth-tcp/duplicate-ports',
    about: 'a port listed twice is announced twice and reported once per packet',
    argv: ['-stcp'],
    config: conf({ TCP_PORTS: '11,11,15' }),
    actions: [{ do: 'packets', packets: [syn(S1, 11)] }],
  },
  {
    name: 'stealth-tcp/resolve-host',
    about: 'RESOLVE_HOST 1: the name from /etc/hosts in every line',
    argv: ['-stcp'],
    config: conf({ RESOLVE_HOST: '1' }),
    files: { '/etc/hosts': `127.0.0.1 localhost\n${S1} scanner.example\n` },
    actions: [{ do: 'packets', packets: [syn(S1, 11, { options: 8 }), syn(S2, 15)] }],
  },
  {
    name: 'stealth-tcp/port-above-65535',
    about: 'TCP_PORTS 65547 binds port 11 at start but never matches a packet',
    argv: ['-stcp'],
    config: conf({ TCP_PORTS: '65547,15' }),
    actions: [{ do: 'packets', packets: [syn(S1, 11), syn(S2, 15)] }],
  },
];
