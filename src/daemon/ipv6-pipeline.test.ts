/**
 * ENABLE_IPV6 through the whole daemon: a real `portsentry run MODE` in a namespace of the test's
 * own is scanned by nmap -6 from fd00::2 (fd00::3 is in the ignore file); the attack, the
 * responses (KILL_ROUTE6 and KILL_RUN_CMD run, the IPv4 KILL_ROUTE does not), the blocked and
 * history lines, the already-blocked check on the next scan, and fail2ban's stock filter reading
 * the history, all as they are for an IPv4 host.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fail2banHosts, needsFail2ban } from '../../test-support/fail2ban.js';
import { Ipv6Daemon, scanner } from '../../test-support/ipv6-daemon.js';
import { firstReason, needsNft, needsProgram, nftPath, titled } from '../../test-support/guards.js';

const SKIP = firstReason(needsNft(), needsProgram(['nmap', '--version']));
const nft = nftPath();

const read = (file: string): string => (existsSync(file) ? readFileSync(file, 'latin1') : '(absent)');
/** a history or blocked line with its time taken out */
const untimed = (text: string): string =>
  text.replace(/^\d+ - \d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d /gm, 'EPOCH - DATE TIME ');

/** what the daemon logs for the two scans of fd00::2 (fd00::3, ignored, logs nothing) */
const EXPECTED: Record<'tcp' | 'stcp', (attack: string, dir: string) => string[]> = {
  tcp: (attack, dir) => [
    attack,
    `attackalert: Host fd00::2 has been blocked via dropped route using command: "echo route6 fd00::2 >> ${dir}/route6"`,
    `attackalert: External command run for host: fd00::2 using command: "echo cmd fd00::2 11 >> ${dir}/cmd"`,
    attack,
    'attackalert: Host: fd00::2 is already blocked. Ignoring',
  ],
  stcp: (attack, dir) => [
    attack,
    `attackalert: Host fd00::2 has been blocked via dropped route using command: "echo route6 fd00::2 >> ${dir}/route6"`,
    `attackalert: External command run for host: fd00::2 using command: "echo cmd fd00::2 11 >> ${dir}/cmd"`,
    attack,
    'attackalert: Host: fd00::2/fd00::2 is already blocked Ignoring',
  ],
};

describe.skipIf(SKIP !== null)(titled('ENABLE_IPV6: an IPv6 scanner is blocked as an IPv4 one is', SKIP), () => {
  let d: Ipv6Daemon | undefined;
  afterEach(() => {
    d?.destroy();
    d = undefined;
  });

  for (const [mode, scan, attack] of [
    ['tcp', '-sT', `attackalert: Connect from host: fd00::2/fd00::2 to TCP port: 11`],
    ['stcp', '-sS', `attackalert: TCP SYN/Normal scan from host: fd00::2/fd00::2 to TCP port: 11`],
  ] as const) {
    it(`-${mode}: runs KILL_ROUTE6 and KILL_RUN_CMD (not KILL_ROUTE), writes the blocked and history lines, and finds the host already blocked at the next scan`, async () => {
      d = Ipv6Daemon.create(nft, 2);
      const dir = d.path;
      await d.start(
        mode,
        'TCP_PORTS="11"\nENABLE_IPV6="1"\n' +
          `KILL_ROUTE="echo route4 $TARGET$ >> ${dir}/route4"\n` +
          `KILL_ROUTE6="echo route6 $TARGET$ >> ${dir}/route6"\n` +
          `KILL_RUN_CMD="echo cmd $TARGET$ $PORT$ >> ${dir}/cmd"\n`,
        { block: true, ignore: '127.0.0.1\nfd00::3\n' },
      );
      const from = d.lines.length;
      expect(d.nmap([scan, '-p', '11'], scanner(3)).code).toBe(0);
      expect(d.nmap([scan, '-p', '11'], scanner(2)).code).toBe(0);
      await d.waitFor((l) => l.startsWith('attackalert: External command run for host: fd00::2'), 'the responses');
      expect(d.nmap([scan, '-p', '11'], scanner(2)).code).toBe(0);
      await d.waitFor(
        (l) => l.includes('Host: fd00::2 is already blocked') || l.includes('fd00::2/fd00::2 is already'),
        'the second hit',
      );
      expect(d.lines.slice(from)).toEqual(EXPECTED[mode](attack, dir));
      expect(read(join(dir, 'route6'))).toBe('route6 fd00::2\n');
      expect(read(join(dir, 'route4'))).toBe('(absent)');
      expect(read(join(dir, 'cmd'))).toBe('cmd fd00::2 11\n');
      const record = 'EPOCH - DATE TIME Host: fd00::2/fd00::2 Port: 11 TCP Blocked\n';
      expect(untimed(read(join(dir, 'history')))).toBe(record);
      expect(untimed(read(join(dir, 'blocked.' + mode.slice(0, 4))))).toBe(record);
      if (needsFail2ban() === null) expect(fail2banHosts(join(dir, 'history'))).toEqual(['fd00::2']);
    });
  }
});
