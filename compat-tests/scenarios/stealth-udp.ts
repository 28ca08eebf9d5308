import type { Scenario } from '../lib/types.js';
import type { CraftedPacket } from '../lib/crafted-packets.js';
import { conf, S1, S2, S3 } from '../lib/conf.js';

const udp = (from: string, port: number, extra: Partial<CraftedPacket> = {}): CraftedPacket => ({
  proto: 'udp',
  from,
  port,
  ...extra,
});

/** PortSentryStealthModeUDP (-sudp) */
export const scenarios: Scenario[] = [
  {
    name: 'stealth-udp/datagram',
    about: 'a datagram to a watched port is a "UDP scan" and blocks the source',
    argv: ['-sudp'],
    config: conf(),
    actions: [{ do: 'udp', from: S1, port: 7 }],
  },
  {
    name: 'stealth-udp/two-sources-repeat',
    about: 'two sources on two ports, then the first again (already blocked)',
    argv: ['-sudp'],
    config: conf(),
    actions: [
      { do: 'udp', from: S1, port: 1 },
      { do: 'udp', from: S2, port: 69 },
      { do: 'udp', from: S1, port: 9 },
    ],
  },
  {
    name: 'stealth-udp/ip-options',
    about: 'a datagram with IP options gets the "detection avoidance technique" line',
    argv: ['-sudp'],
    config: conf(),
    actions: [{ do: 'packets', packets: [udp(S1, 7, { options: 12 })] }],
  },
  {
    name: 'stealth-udp/packets-the-kernel-drops',
    about: 'an illegal IHL, a truncated datagram and a lone later fragment: nothing',
    argv: ['-sudp'],
    config: conf(),
    actions: [
      {
        do: 'packets',
        packets: [udp(S1, 7, { ihl: 2 }), udp(S2, 7, { truncate: 24 }), udp(S3, 9, { fragment: 'later' })],
      },
    ],
  },
  {
    name: 'stealth-udp/unwatched-port',
    about: 'datagrams to ports not listed: nothing',
    argv: ['-sudp'],
    config: conf(),
    actions: [{ do: 'packets', packets: [udp(S1, 8), udp(S1, 53)] }],
  },
  {
    name: 'stealth-udp/port-in-use-at-start',
    about: 'a port a service holds is skipped, the others are watched',
    argv: ['-sudp'],
    config: conf(),
    occupy: [{ proto: 'udp', port: 7 }],
    actions: [{ do: 'packets', packets: [udp(S1, 7), udp(S2, 9)] }],
  },
  {
    name: 'stealth-udp/all-ports-in-use',
    about: 'every port held: 1.2 shuts down',
    argv: ['-sudp'],
    config: conf({ UDP_PORTS: '7' }),
    occupy: [{ proto: 'udp', port: 7 }],
  },
  {
    name: 'stealth-udp/port-bound-after-start',
    about: 'smart-verify: a port bound after the start is ignored',
    argv: ['-sudp'],
    config: conf(),
    actions: [
      { do: 'occupy', proto: 'udp', port: 69 },
      { do: 'packets', packets: [udp(S1, 69), udp(S2, 1)] },
    ],
  },
  {
    name: 'stealth-udp/ignored-and-trigger',
    about: 'an ignored source, and SCAN_TRIGGER 2 for another',
    argv: ['-sudp'],
    config: conf({ SCAN_TRIGGER: '2' }),
    files: { '/etc/portsentry/portsentry.ignore': `127.0.0.1\n127.1.0.0/16\n` },
    actions: [{ do: 'packets', packets: [udp(S1, 7), udp(S1, 7), udp(S2, 7), udp(S2, 9)] }],
  },
  {
    name: 'stealth-udp/firewall-drops',
    about: 'KILL_ROUTE really drops the source (iptables): later datagrams from it are never seen',
    argv: ['-sudp'],
    config: conf({ KILL_ROUTE: '/usr/sbin/iptables -I INPUT -s $TARGET$ -j DROP', KILL_HOSTS_DENY: null }),
    actions: [
      { do: 'packets', packets: [udp(S1, 1)] },
      { do: 'packets', packets: [udp(S1, 7), udp(S2, 69)] },
    ],
  },
  {
    name: 'stealth-udp/block-udp-0-and-run-cmd',
    about: 'BLOCK_UDP 0: no response; then BLOCK_UDP 2 with KILL_RUN_CMD first',
    argv: ['-sudp'],
    config: conf({ BLOCK_UDP: '0' }),
    actions: [{ do: 'packets', packets: [udp(S1, 9)] }],
  },
  {
    name: 'stealth-udp/failing-kill-route',
    about: 'a KILL_ROUTE that cannot run: the stealth "Could not block" text without the space',
    argv: ['-sudp'],
    config: conf({
      KILL_ROUTE: '/nonexistent/route $TARGET$',
      KILL_HOSTS_DENY: null,
      KILL_RUN_CMD: '/bin/echo run $TARGET$ $PORT$ $MODE$ >> /var/lib/portsentry/out',
      KILL_RUN_CMD_FIRST: '1',
    }),
    actions: [{ do: 'packets', packets: [udp(S1, 9)] }],
  },
  {
    name: 'stealth-udp/could-not-block',
    about: 'KILL_ROUTE without $TARGET$: DisposeUDP fails, the text has no space before "!!"',
    argv: ['-sudp'],
    config: conf({ KILL_ROUTE: '/bin/true', KILL_HOSTS_DENY: null }),
    actions: [{ do: 'packets', packets: [udp(S1, 7)] }],
  },
  {
    name: 'stealth-udp/with-stcp-daemon',
    about:
      '-sudp and -stcp daemons side by side, each reporting its own protocol; after -stcp stops, TCP is not reported',
    argv: ['-sudp'],
    config: conf(),
    actions: [
      { do: 'start', argv: ['-stcp'] },
      { do: 'packets', packets: [udp(S1, 7)] },
      { do: 'packets', packets: [{ proto: 'tcp', from: S2, port: 11, flags: 'S' }] },
      { do: 'packets', packets: [udp(S3, 1)] },
      { do: 'signal', signal: 'SIGTERM', start: 1 },
      { do: 'packets', packets: [{ proto: 'tcp', from: S3, port: 79, flags: 'S' }] },
      { do: 'packets', packets: [udp(S2, 69)] },
    ],
  },
  {
    name: 'stealth-udp/resolve-host',
    about: 'RESOLVE_HOST 1: the name from /etc/hosts',
    argv: ['-sudp'],
    config: conf({ RESOLVE_HOST: '1' }),
    files: { '/etc/hosts': `127.0.0.1 localhost\n${S1} scanner.example\n` },
    actions: [{ do: 'packets', packets: [udp(S1, 69)] }],
  },
  {
    name: 'stealth-udp/short-datagrams-audp',
    about:
      '-audp: datagrams of 1, 2, 3 and 0 bytes (shorter than the ports): 1.2 reads the missing bytes as 0, "UDP port: 0" or 256 (PacketReadUDP)',
    argv: ['-audp'],
    config: conf({ ADVANCED_PORTS_UDP: '1024' }),
    actions: [
      {
        do: 'packets',
        packets: [
          udp(S1, 7, { udpBytes: 1 }),
          udp(S2, 7, { udpBytes: 2 }),
          udp(S3, 263, { udpBytes: 3 }),
          udp('127.1.4.4', 7, { udpBytes: 0 }),
        ],
      },
    ],
  },
  {
    name: 'stealth-udp/short-datagram-after-a-whole-one',
    about: '-audp: a whole datagram to port 69, then a 1-byte one from another source',
    argv: ['-audp'],
    config: conf({ ADVANCED_PORTS_UDP: '1024' }),
    actions: [{ do: 'packets', packets: [udp(S1, 69), udp(S2, 69, { udpBytes: 1 }), udp(S3, 69, { udpBytes: 3 })] }],
  },
  {
    name: 'stealth-udp/short-datagrams-sudp',
    about: '-sudp with port 0 listed: datagrams of 1, 2 and 3 bytes are scans of port 0; a port 0 not listed: nothing',
    argv: ['-sudp'],
    config: conf({ UDP_PORTS: '0,7' }),
    actions: [
      {
        do: 'packets',
        packets: [udp(S1, 7, { udpBytes: 1 }), udp(S2, 7, { udpBytes: 2 }), udp(S3, 7, { udpBytes: 3 })],
      },
    ],
  },
  {
    name: 'stealth-udp/short-datagrams-sudp-unlisted',
    about: '-sudp without port 0: datagrams of 1, 2 and 3 bytes report nothing',
    argv: ['-sudp'],
    config: conf(),
    actions: [
      {
        do: 'packets',
        packets: [udp(S1, 7, { udpBytes: 1 }), udp(S2, 7, { udpBytes: 2 }), udp(S3, 7, { udpBytes: 3 })],
      },
    ],
  },
];
