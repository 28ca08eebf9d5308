import type { Scenario } from '../lib/types.js';
import type { CraftedPacket } from '../lib/crafted-packets.js';
import { conf, S1, S2, S3 } from '../lib/conf.js';

const syn = (from: string, port: number, flags = 'S'): CraftedPacket => ({ proto: 'tcp', from, port, flags });
const udp = (from: string, port: number): CraftedPacket => ({ proto: 'udp', from, port });
const sources = (n: number): string[] => Array.from({ length: n }, (_, i) => `127.1.3.${i + 1}`);

/** PortSentryAdvancedStealthModeTCP/UDP (-atcp, -audp) */
export const scenarios: Scenario[] = [
  {
    name: 'stealth-advanced/atcp-limit-and-excludes',
    about: 'ADVANCED_PORTS_TCP 1024 with 113,139 excluded: below, at and above the limit, excluded ports',
    argv: ['-atcp'],
    config: conf({ ADVANCED_PORTS_TCP: '1024', ADVANCED_EXCLUDE_TCP: '113,139' }),
    actions: [
      {
        do: 'packets',
        packets: [
          syn(S1, 113),
          syn(S1, 139),
          syn(S1, 1024),
          syn(S1, 5000),
          syn(S1, 1023, 'F'),
          syn(S2, 1, ''),
          syn(S3, 80, 'SA'),
        ],
      },
    ],
  },
  {
    name: 'stealth-advanced/atcp-defaults',
    about:
      'no ADVANCED_* options: "Assuming 1024", no exclusions, and then every port is watched (1.2 never compares the limit)',
    argv: ['-atcp'],
    config: conf(),
    actions: [{ do: 'packets', packets: [syn(S1, 2000), syn(S2, 65535, 'FPU'), syn(S3, 7, 'R')] }],
  },
  {
    name: 'stealth-advanced/atcp-port-in-use',
    about: 'a port bound before the start is ignored (logged), one bound after the start is smart-verified',
    argv: ['-atcp'],
    config: conf({ ADVANCED_PORTS_TCP: '2048', ADVANCED_EXCLUDE_TCP: '9' }),
    occupy: [{ proto: 'tcp', port: 22 }],
    actions: [
      { do: 'occupy', proto: 'tcp', port: 1500 },
      { do: 'packets', packets: [syn(S1, 22), syn(S1, 1500), syn(S1, 9), syn(S2, 2047), syn(S3, 2048)] },
    ],
  },
  {
    name: 'stealth-advanced/atcp-ip-options-trigger',
    about: 'IP options line in advanced mode, with SCAN_TRIGGER 2',
    argv: ['-atcp'],
    config: conf({ ADVANCED_PORTS_TCP: '100', ADVANCED_EXCLUDE_TCP: '1', SCAN_TRIGGER: '2' }),
    actions: [
      {
        do: 'packets',
        packets: [
          { proto: 'tcp', from: S1, port: 50, flags: 'S', options: 4 },
          { proto: 'tcp', from: S1, port: 51, flags: 'S', options: 4 },
        ],
      },
    ],
  },
  {
    name: 'stealth-advanced/atcp-64-exclusions',
    about: 'exactly 64 excluded ports (1.2 array full, not overflowed)',
    argv: ['-atcp'],
    config: conf({
      ADVANCED_PORTS_TCP: '1024',
      ADVANCED_EXCLUDE_TCP: Array.from({ length: 64 }, (_, i) => 200 + i).join(','),
    }),
    actions: [{ do: 'packets', packets: [syn(S1, 200), syn(S1, 263), syn(S2, 264)] }],
  },
  {
    name: 'stealth-advanced/atcp-70-exclusions',
    about: 'more than 64 exclusions: 1.2 writes past its 64-entry array',
    argv: ['-atcp'],
    config: conf({
      ADVANCED_PORTS_TCP: '1024',
      ADVANCED_EXCLUDE_TCP: Array.from({ length: 70 }, (_, i) => 200 + i).join(','),
    }),
    actions: [{ do: 'packets', packets: [syn(S1, 200), syn(S1, 264), syn(S2, 265), syn(S3, 300)] }],
  },
  {
    name: 'stealth-advanced/atcp-70-ports-in-use',
    about: 'more than 64 ports in use at start: 1.2 writes past its 64-entry array',
    argv: ['-atcp'],
    config: conf({ ADVANCED_PORTS_TCP: '1024', ADVANCED_EXCLUDE_TCP: '113' }),
    occupy: Array.from({ length: 70 }, (_, i) => ({ proto: 'tcp' as const, port: 300 + i })),
    actions: [{ do: 'packets', packets: [syn(S1, 300), syn(S1, 369), syn(S2, 370), syn(S3, 113)] }],
  },
  {
    name: 'stealth-advanced/atcp-firewall-drops',
    about: 'KILL_ROUTE really drops (iptables): nothing more from that source',
    argv: ['-atcp'],
    config: conf({
      ADVANCED_PORTS_TCP: '1024',
      ADVANCED_EXCLUDE_TCP: '113',
      KILL_ROUTE: '/usr/sbin/iptables -I INPUT -s $TARGET$ -j DROP',
      KILL_HOSTS_DENY: null,
    }),
    actions: [
      { do: 'packets', packets: [syn(S1, 500)] },
      { do: 'packets', packets: [syn(S1, 501), syn(S2, 502)] },
    ],
  },
  {
    name: 'stealth-advanced/atcp-many-sources',
    about: 'twenty sources in a row, BLOCK_TCP 0',
    argv: ['-atcp'],
    config: conf({ ADVANCED_PORTS_TCP: '1024', ADVANCED_EXCLUDE_TCP: '113', BLOCK_TCP: '0' }),
    actions: [{ do: 'packets', packets: sources(20).map((s, i) => syn(s, 100 + i)) }],
  },
  {
    name: 'stealth-advanced/audp-limit-and-excludes',
    about: 'ADVANCED_PORTS_UDP 1024 with 520,138 excluded',
    argv: ['-audp'],
    config: conf({ ADVANCED_PORTS_UDP: '1024', ADVANCED_EXCLUDE_UDP: '520,138' }),
    actions: [
      { do: 'packets', packets: [udp(S1, 520), udp(S1, 138), udp(S1, 1024), udp(S1, 1023), udp(S2, 53), udp(S2, 54)] },
    ],
  },
  {
    name: 'stealth-advanced/audp-defaults',
    about: 'no ADVANCED_* options: every port is watched',
    argv: ['-audp'],
    config: conf(),
    actions: [{ do: 'packets', packets: [udp(S1, 33434), udp(S2, 53)] }],
  },
  {
    name: 'stealth-advanced/audp-port-in-use',
    about: 'a UDP port bound before the start is ignored, one bound after is smart-verified',
    argv: ['-audp'],
    config: conf({ ADVANCED_PORTS_UDP: '1024', ADVANCED_EXCLUDE_UDP: '137' }),
    occupy: [{ proto: 'udp', port: 123 }],
    actions: [
      { do: 'occupy', proto: 'udp', port: 161 },
      { do: 'packets', packets: [udp(S1, 123), udp(S1, 161), udp(S1, 137), udp(S2, 162)] },
    ],
  },
  {
    name: 'stealth-advanced/atcp-audp-could-not-block',
    about: 'KILL_ROUTE without $TARGET$ in advanced TCP mode: no space before "!!"',
    argv: ['-atcp'],
    config: conf({
      ADVANCED_PORTS_TCP: '1024',
      ADVANCED_EXCLUDE_TCP: '113',
      KILL_ROUTE: '/bin/true',
      KILL_HOSTS_DENY: null,
    }),
    actions: [{ do: 'packets', packets: [syn(S1, 7)] }],
  },
  {
    name: 'stealth-advanced/audp-resolve-block-0',
    about: 'RESOLVE_HOST 1 and BLOCK_UDP 0 in advanced UDP mode',
    argv: ['-audp'],
    config: conf({ ADVANCED_PORTS_UDP: '1024', ADVANCED_EXCLUDE_UDP: '137', RESOLVE_HOST: '1', BLOCK_UDP: '0' }),
    files: { '/etc/hosts': `127.0.0.1 localhost\n${S1} scanner.example\n` },
    actions: [{ do: 'packets', packets: [udp(S1, 111), udp(S3, 112)] }],
  },
];
