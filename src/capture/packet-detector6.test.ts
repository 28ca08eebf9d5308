/**
 * ENABLE_IPV6 end to end, in network namespaces of the tests' own (fd00::1 the victim, fd00::2..
 * the scanners, on the namespace's loopback): real `nmap -6` scans against each of the six modes,
 * and packets crafted with scapy for the extension headers and fragments, checked by the attack
 * lines the daemon sends to syslog. With the key off, nothing IPv6 is opened and nothing is seen.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Ipv6Daemon, DEBIAN_PYTHON, scanner } from '../../test-support/ipv6-daemon.js';
import { needsNft, needsProgram, nftPath, titled } from '../../test-support/guards.js';

const SKIP =
  needsNft() ?? needsProgram(['nmap', '--version']) ?? needsProgram([DEBIAN_PYTHON, '-c', 'import scapy.all']) ?? null;
const nft = nftPath();

const IPV6 = 'ENABLE_IPV6="1"\n';
const TCP_PORTS = 'TCP_PORTS="1,11,15,79"\n';
const UDP_PORTS = 'UDP_PORTS="1,7,9,69"\n';

/** nmap's option, the scan-type text of the stealth TCP attack line it makes */
const TCP_SCANS: [string, string][] = [
  ['-sS', 'TCP SYN/Normal scan'],
  ['-sF', 'TCP FIN scan'],
  ['-sN', ' TCP NULL scan'],
  ['-sX', 'TCP XMAS scan'],
  // a full connection starts with a SYN, which is what a stealth mode sees
  ['-sT', 'TCP SYN/Normal scan'],
];

const host = (n: number): string => `${scanner(n)}/${scanner(n)}`;

describe.skipIf(SKIP !== null)(titled('ENABLE_IPV6: nmap -6 against each mode', SKIP), () => {
  let d: Ipv6Daemon | undefined;
  afterEach(() => {
    d?.destroy();
    d = undefined;
  });

  for (const [mode, config] of [
    ['stcp', TCP_PORTS],
    ['atcp', 'ADVANCED_PORTS_TCP="1024"\n'],
  ] as const) {
    it(`-${mode}: -sS, -sF, -sN, -sX and -sT from fd00::2 to ::6 each give the attack line of their scan type`, async () => {
      d = Ipv6Daemon.create(nft, 6);
      await d.start(mode, config + IPV6);
      TCP_SCANS.forEach(([option], i) => {
        const r = d!.nmap([option, '-p', '11'], scanner(i + 2));
        expect(r.code, r.stderr).toBe(0);
      });
      await d.waitFor((l) => l.includes(`from host: ${host(6)} `), 'the -sT scan');
      expect(d.attackLines()).toEqual(
        TCP_SCANS.map(([, kind], i) => `attackalert: ${kind} from host: ${host(i + 2)} to TCP port: 11`),
      );
      expect(d.lines.filter((l) => l.includes('IP options'))).toEqual([]);
    });
  }

  it('-stcp: after a firewall reload removed both tables, each is back at its next check, said once, and an IPv6 SYN is seen again', async () => {
    d = Ipv6Daemon.create(nft, 2);
    await d.start('stcp', TCP_PORTS + IPV6);
    const tables = () => d!.ns.run([nft, 'list', 'tables']).stdout;
    expect(tables()).toBe('table ip portsentry_stcp\ntable ip6 portsentry_stcp\n');
    expect(d.ns.run([nft, 'flush', 'ruleset']).code).toBe(0);
    expect(tables()).toBe('');
    const restored = (family: string) =>
      `adminalert: WARNING: netfilter table ${family}portsentry_stcp was removed; it has been restored.\n`;
    await d.waitFor((l) => l.includes(restored('ip6 ')), 'the ip6 table put back');
    await d.waitFor((l) => l.includes(restored('')), 'the ip table put back');
    expect(d.lines.filter((l) => l.includes('was removed')).sort()).toEqual([restored('ip6 '), restored('')]);
    expect(d.ns.run([nft, 'list', 'table', 'ip6', 'portsentry_stcp']).stdout).toContain('log group');
    const r = d.nmap(['-sS', '-p', '11'], scanner(2));
    expect(r.code, r.stderr).toBe(0);
    await d.waitFor((l) => l.includes(`from host: ${host(2)} `), 'the -sS scan');
    expect(d.attackLines()).toEqual([`attackalert: TCP SYN/Normal scan from host: ${host(2)} to TCP port: 11`]);
  });

  for (const [mode, config] of [
    ['sudp', UDP_PORTS],
    ['audp', 'ADVANCED_PORTS_UDP="1024"\n'],
  ] as const) {
    it(`-${mode}: -sU from fd00::2 gives the UDP scan line`, async () => {
      d = Ipv6Daemon.create(nft, 2);
      await d.start(mode, config + IPV6);
      const r = d.nmap(['-sU', '-p', '7'], scanner(2));
      expect(r.code, r.stderr).toBe(0);
      await d.waitFor((l) => l.includes('UDP scan from host'), 'the -sU scan');
      expect(d.attackLines()).toEqual([`attackalert: UDP scan from host: ${host(2)} to UDP port: 7`]);
    });
  }

  it('-tcp: -sT from fd00::2 is a connect on the v6-only socket beside the IPv4 one', async () => {
    d = Ipv6Daemon.create(nft, 2);
    await d.start('tcp', TCP_PORTS + IPV6);
    const listening = d.ns.run(['ss', '-Htln']).stdout;
    for (const port of [1, 11, 15, 79]) {
      expect(listening).toContain(`0.0.0.0:${port} `);
      expect(listening).toContain(`[::]:${port} `);
    }
    const r = d.nmap(['-sT', '-p', '11'], scanner(2));
    expect(r.code, r.stderr).toBe(0);
    await d.waitFor((l) => l.includes('Connect from host'), 'the -sT scan');
    expect(d.attackLines()).toEqual([`attackalert: Connect from host: ${host(2)} to TCP port: 11`]);
  });

  it('-udp: -sU from fd00::2 is a datagram on the v6-only socket', async () => {
    d = Ipv6Daemon.create(nft, 2);
    await d.start('udp', UDP_PORTS + IPV6);
    const r = d.nmap(['-sU', '-p', '9'], scanner(2));
    expect(r.code, r.stderr).toBe(0);
    await d.waitFor((l) => l.includes('Connect from host'), 'the -sU scan');
    expect(d.attackLines()).toEqual([`attackalert: Connect from host: ${host(2)} to UDP port: 9`]);
  });

  it('-tcp: a port held on IPv6 only is reported as 1.2 reports a port in use, and still watched on IPv4', async () => {
    d = Ipv6Daemon.create(nft, 2);
    const holder = d.ns.start([
      process.execPath,
      '-e',
      `require('node:net').createServer().listen({ port: 15, host: '::', ipv6Only: true }, () => console.log('held'))`,
    ]);
    await new Promise<void>((done) => holder.stdout.once('data', () => done()));
    await d.start('tcp', TCP_PORTS + IPV6);
    expect(d.lines.slice(1, 7)).toEqual([
      'adminalert: Going into listen mode on TCP port: 1\n',
      'adminalert: Going into listen mode on TCP port: 11\n',
      'adminalert: Going into listen mode on TCP port: 15\n',
      'adminalert: ERROR: could not bind TCP socket: 15. Attempting to continue\n',
      'adminalert: Going into listen mode on TCP port: 79\n',
      'adminalert: PortSentry is now active and listening.\n',
    ]);
    expect(d.ns.run(['ss', '-Htln']).stdout).toContain('0.0.0.0:15 ');
  });

  it('with the key off, -stcp opens no ip6 table and -tcp no IPv6 socket, and IPv6 scans go unseen as with 1.2', async () => {
    d = Ipv6Daemon.create(nft, 2);
    await d.start('stcp', TCP_PORTS);
    expect(d.ns.run([nft, 'list', 'tables']).stdout).toBe('table ip portsentry_stcp\n');
    expect(d.nmap(['-sS', '-p', '11'], scanner(2)).code).toBe(0);
    // then an IPv4 connection from 127.0.0.2: once its line is there, the IPv6 scan was had
    expect(d.ns.connect(11, '127.0.0.2')).toBe('refused');
    await d.waitFor((l) => l.includes('127.0.0.2'), 'the IPv4 scan');
    expect(d.attackLines()).toEqual([
      'attackalert: TCP SYN/Normal scan from host: 127.0.0.2/127.0.0.2 to TCP port: 11',
    ]);
  });

  it('with the key off, -tcp binds IPv4 sockets only', async () => {
    d = Ipv6Daemon.create(nft, 2);
    await d.start('tcp', TCP_PORTS);
    expect(d.ns.run(['ss', '-Htln6']).stdout).toBe('');
    expect(d.ns.run(['ss', '-Htln4']).stdout.trim().split('\n').length).toBe(4);
  });
});

/** Python for scapy: sends each (source, layers) on lo as an Ethernet frame, in order */
const scapyScript = (packets: [number, string][]): string => `
import logging
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import Ether, IPv6, IPv6ExtHdrHopByHop, IPv6ExtHdrDestOpt, IPv6ExtHdrRouting, IPv6ExtHdrFragment, TCP, UDP, Raw, fragment6, sendp
def tcp_bytes(dport, flags):
    return bytes([0x9c, 0x40, dport >> 8, dport & 255, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, flags, 0x20, 0, 0, 0, 0, 0])
def ip(n, **kw):
    return IPv6(src="fd00::%x" % n, dst="fd00::1", **kw)
frames = []
${packets.map(([n, layers]) => `frames += [${layers.replaceAll('SRC', String(n))}]`).join('\n')}
for f in frames:
    sendp(Ether(src="00:00:00:00:00:00", dst="00:00:00:00:00:00") / f, iface="lo", verbose=False)
`;

describe.skipIf(SKIP !== null)(titled('ENABLE_IPV6: crafted extension headers and fragments (scapy)', SKIP), () => {
  let d: Ipv6Daemon | undefined;
  afterEach(() => {
    d?.destroy();
    d = undefined;
  });

  it('-stcp: a SYN after each extension header is seen, a packet the decoder refuses is not, and no IP-options line is made', async () => {
    d = Ipv6Daemon.create(nft, 30);
    await d.start('stcp', TCP_PORTS + IPV6);
    const r = d.scapy(
      scapyScript([
        [0x10, `ip(SRC) / IPv6ExtHdrHopByHop() / TCP(sport=40000, dport=11, flags="S")`],
        [0x11, `ip(SRC) / IPv6ExtHdrDestOpt() / IPv6ExtHdrRouting() / TCP(sport=40000, dport=11, flags="F")`],
        // AH (51): next header 6, length 4: (4 + 2) * 4 = 24 bytes
        [0x12, `ip(SRC, nh=51) / Raw(bytes([6, 4, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1] + [0] * 12) + tcp_bytes(11, 0x02))`],
        // a SYN with 300 bytes of data, in fragments of 1280 - ...: only the first holds the TCP header
        [
          0x13,
          `*fragment6(ip(SRC) / IPv6ExtHdrFragment(id=7) / TCP(sport=40000, dport=11, flags="S") / Raw(b"x" * 300), 120)`,
        ],
        // a later fragment alone, whose bytes look like a SYN to port 11
        [0x14, `ip(SRC) / IPv6ExtHdrFragment(offset=2, m=1, id=8, nh=6) / Raw(tcp_bytes(11, 0x02))`],
        // ESP, no next header, hop-by-hop in second place, nine destination options
        [0x15, `ip(SRC, nh=50) / Raw(bytes(8) + tcp_bytes(11, 0x02))`],
        [0x16, `ip(SRC, nh=59) / Raw(tcp_bytes(11, 0x02))`],
        [0x17, `ip(SRC) / IPv6ExtHdrDestOpt() / IPv6ExtHdrHopByHop() / TCP(sport=40000, dport=11, flags="S")`],
        [0x18, `ip(SRC) / ${'IPv6ExtHdrDestOpt() / '.repeat(9)}TCP(sport=40000, dport=11, flags="S")`],
        // last, a plain SYN: once its line is there, every packet before it has been handled
        [0x19, `ip(SRC) / TCP(sport=40000, dport=11, flags="S")`],
      ]),
    );
    expect(r.code, r.stderr).toBe(0);
    await d.waitFor((l) => l.includes(`from host: ${host(0x19)} `), 'the last SYN');
    const syn = (n: number) => `attackalert: TCP SYN/Normal scan from host: ${host(n)} to TCP port: 11`;
    expect(d.attackLines()).toEqual([
      syn(0x10),
      `attackalert: TCP FIN scan from host: ${host(0x11)} to TCP port: 11`,
      syn(0x12),
      syn(0x13),
      syn(0x19),
    ]);
    expect(d.lines.filter((l) => l.includes('IP options'))).toEqual([]);
  });

  it('-sudp: a datagram after a hop-by-hop header and a first fragment is seen, a later fragment is not', async () => {
    d = Ipv6Daemon.create(nft, 30);
    await d.start('sudp', UDP_PORTS + IPV6);
    const r = d.scapy(
      scapyScript([
        [0x10, `ip(SRC) / IPv6ExtHdrHopByHop() / UDP(sport=40000, dport=7) / Raw(b"x")`],
        [0x11, `*fragment6(ip(SRC) / IPv6ExtHdrFragment(id=9) / UDP(sport=40000, dport=9) / Raw(b"y" * 300), 120)`],
        [
          0x12,
          `ip(SRC) / IPv6ExtHdrFragment(offset=3, m=0, id=10, nh=17) / Raw(bytes([0x9c, 0x40, 0, 7, 0, 9, 0, 0, 1]))`,
        ],
        [0x19, `ip(SRC) / UDP(sport=40000, dport=69) / Raw(b"z")`],
      ]),
    );
    expect(r.code, r.stderr).toBe(0);
    await d.waitFor((l) => l.includes(`from host: ${host(0x19)} `), 'the last datagram');
    expect(d.attackLines()).toEqual([
      `attackalert: UDP scan from host: ${host(0x10)} to UDP port: 7`,
      `attackalert: UDP scan from host: ${host(0x11)} to UDP port: 9`,
      `attackalert: UDP scan from host: ${host(0x19)} to UDP port: 69`,
    ]);
  });
});
