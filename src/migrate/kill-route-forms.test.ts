import { describe, expect, it } from 'vitest';
import { DEFAULT_LOG, limitRate, logLevel, recogniseKillRoute } from './kill-route-forms.js';

// Every distinct KILL_ROUTE value of portsentry.conf (upstream 1.2) and debian/portsentry.conf.Debian
// (1.2-14), copied verbatim: CI machines do not have the reference tree.
const SAMPLES = {
  generic: '/sbin/route add $TARGET$ 333.444.555.666',
  genericLinux: '/sbin/route add -host $TARGET$ gw 333.444.555.666',
  reject: '/sbin/route add -host $TARGET$ reject',
  sun: '/usr/sbin/route add $TARGET$ 333.444.555.666 1',
  nextstep: '/usr/etc/route add $TARGET$ 127.0.0.1 1',
  freebsd: 'route add -net $TARGET$ -netmask 255.255.255.255 127.0.0.1 -blackhole',
  tru64: '/sbin/route add -host -blackhole $TARGET$ 127.0.0.1',
  hpux: '/usr/sbin/route add net $TARGET$ netmask 255.255.255.0 127.0.0.1',
  ipfwadmLog: '/sbin/ipfwadm -I -i deny -S $TARGET$ -o',
  ipfwadm: '/sbin/ipfwadm -I -i deny -S $TARGET$',
  ipchainsLog: '/sbin/ipchains -I input -s $TARGET$ -j DENY -l',
  ipchains: '/sbin/ipchains -I input -s $TARGET$ -j DENY',
  iptablesUpstream: '/usr/local/bin/iptables -I INPUT -s $TARGET$ -j DROP',
  iptablesDebian: '/sbin/iptables -I INPUT -s $TARGET$ -j DROP',
  iptablesLogPair:
    "/sbin/iptables -I INPUT -s $TARGET$ -j DROP && /sbin/iptables -I INPUT -s $TARGET$ -m limit --limit 3/minute --limit-burst 5 -j LOG --log-level DEBUG --log-prefix 'Portsentry: dropping: '",
  ipfw: '/sbin/ipfw add 1 deny all from $TARGET$:255.255.255.255 to any',
  ipf: "/bin/echo 'block in log on external_interface from $TARGET$/32 to any' | /sbin/ipf -f -",
};

const PLACEHOLDER_NOTE =
  "the old line kept the sample's placeholder gateway 333.444.555.666, which route refuses, so it blocked nothing; the set does block";
const UNLIMITED =
  'the old line logged every packet; the nft rule logs at most 3/minute (burst 5) so that a flood cannot fill the logs';

describe('recogniseKillRoute', () => {
  it('recognises each route form of the upstream and Debian samples', () => {
    const forms = Object.fromEntries(
      (['generic', 'genericLinux', 'reject', 'sun', 'nextstep', 'freebsd', 'tru64', 'hpux'] as const).map((k) => [
        k,
        recogniseKillRoute(SAMPLES[k]),
      ]),
    );
    expect(forms).toEqual({
      generic: {
        kind: 'recognised',
        form: 'route-gateway',
        log: null,
        inputInterface: null,
        description: 'generic/BSD route through gateway 333.444.555.666 (route add $TARGET$ 333.444.555.666)',
        notes: [PLACEHOLDER_NOTE],
      },
      genericLinux: {
        kind: 'recognised',
        form: 'route-gateway-linux',
        log: null,
        inputInterface: null,
        description: 'Linux route through gateway 333.444.555.666 (route add -host $TARGET$ gw 333.444.555.666)',
        notes: [PLACEHOLDER_NOTE],
      },
      reject: {
        kind: 'recognised',
        form: 'route-reject',
        log: null,
        inputInterface: null,
        description: 'Linux reject route (route add -host $TARGET$ reject)',
        notes: [],
      },
      sun: {
        kind: 'recognised',
        form: 'route-gateway',
        log: null,
        inputInterface: null,
        description:
          'Sun/NEXTSTEP route with metric through gateway 333.444.555.666 (route add $TARGET$ 333.444.555.666 1)',
        notes: [PLACEHOLDER_NOTE],
      },
      nextstep: {
        kind: 'recognised',
        form: 'route-gateway',
        log: null,
        inputInterface: null,
        description: 'Sun/NEXTSTEP route with metric through gateway 127.0.0.1 (route add $TARGET$ 127.0.0.1 1)',
        notes: [
          "the old route sent the host's replies to 127.0.0.1; the set drops the host's packets on arrival instead",
        ],
      },
      freebsd: {
        kind: 'recognised',
        form: 'route-blackhole-freebsd',
        log: null,
        inputInterface: null,
        description: 'FreeBSD blackhole route (route add -net $TARGET$ -netmask 255.255.255.255 127.0.0.1 -blackhole)',
        notes: [],
      },
      tru64: {
        kind: 'recognised',
        form: 'route-blackhole-tru64',
        log: null,
        inputInterface: null,
        description: 'Digital UNIX blackhole route (route add -host -blackhole $TARGET$ 127.0.0.1)',
        notes: [],
      },
      hpux: {
        kind: 'recognised',
        form: 'route-net-hpux',
        log: null,
        inputInterface: null,
        description: 'HP-UX net route (route add net $TARGET$ netmask 255.255.255.0 127.0.0.1)',
        notes: [
          "the old route sent the host's replies to 127.0.0.1; the set drops the host's packets on arrival instead",
          'the old route covered the whole network of the host (netmask 255.255.255.0); the set blocks the one address',
        ],
      },
    });
  });

  it('recognises the packet filter forms and keeps their logging, rate-limited', () => {
    expect(recogniseKillRoute(SAMPLES.ipfwadmLog)).toEqual({
      kind: 'recognised',
      form: 'ipfwadm',
      log: DEFAULT_LOG,
      inputInterface: null,
      description: 'ipfwadm input rule with logging (ipfwadm -I -i deny -S $TARGET$ -o)',
      notes: [UNLIMITED],
    });
    expect(recogniseKillRoute(SAMPLES.ipfwadm)).toMatchObject({ form: 'ipfwadm', log: null, notes: [] });
    expect(recogniseKillRoute(SAMPLES.ipchainsLog)).toEqual({
      kind: 'recognised',
      form: 'ipchains',
      log: DEFAULT_LOG,
      inputInterface: null,
      description: 'ipchains input rule with logging (ipchains -I input -s $TARGET$ -j DENY -l)',
      notes: [UNLIMITED],
    });
    expect(recogniseKillRoute(SAMPLES.ipchains)).toMatchObject({ form: 'ipchains', log: null, notes: [] });
    for (const v of [SAMPLES.iptablesUpstream, SAMPLES.iptablesDebian]) {
      expect(recogniseKillRoute(v)).toEqual({
        kind: 'recognised',
        form: 'iptables',
        log: null,
        inputInterface: null,
        description: 'iptables rule, one per host (iptables -I INPUT -s $TARGET$ -j DROP)',
        notes: [],
      });
    }
    expect(recogniseKillRoute(SAMPLES.ipfw)).toEqual({
      kind: 'recognised',
      form: 'ipfw',
      log: null,
      inputInterface: null,
      description: 'FreeBSD ipfw rule (ipfw add 1 deny all from $TARGET$:255.255.255.255 to any)',
      notes: [],
    });
    expect(recogniseKillRoute(SAMPLES.ipf)).toEqual({
      kind: 'recognised',
      form: 'ipf',
      log: DEFAULT_LOG,
      inputInterface: null,
      description: 'IP Filter rule (block in log on external_interface from $TARGET$/32 to any)',
      notes: [
        'the old rule named the sample\'s placeholder interface "external_interface"; the nft rule applies to every interface',
        UNLIMITED,
      ],
    });
  });

  it("takes the prefix, level, rate and burst of Debian's iptables DROP and LOG pair", () => {
    expect(recogniseKillRoute(SAMPLES.iptablesLogPair)).toEqual({
      kind: 'recognised',
      form: 'iptables-log-pair',
      inputInterface: null,
      notes: [],
      description: 'iptables DROP and LOG rules, two per host (LOG limited to 3/minute, burst 5)',
      log: { prefix: 'Portsentry: dropping: ', level: 'debug', rate: '3/minute', burst: 5 },
    });
  });

  it('keeps a real interface of an ipf rule for the nft rule', () => {
    expect(recogniseKillRoute("echo 'block in quick on eth1 from $TARGET$ to any' | ipf -f -")).toMatchObject({
      form: 'ipf',
      log: null,
      inputInterface: 'eth1',
      notes: [],
    });
  });

  it('recognises iproute2 blackhole, unreachable and prohibit routes', () => {
    expect(recogniseKillRoute('/sbin/ip route add blackhole $TARGET$')).toMatchObject({
      form: 'ip-route',
      description: 'iproute2 blackhole route (ip route add blackhole $TARGET$)',
    });
    expect(recogniseKillRoute('ip route add unreachable $TARGET$/32')).toMatchObject({ form: 'ip-route' });
  });

  it('recognises a KILL_ROUTE migrate wrote, with its timeout', () => {
    expect(recogniseKillRoute('/usr/sbin/nft add element inet portsentry blocked4 { $TARGET$ timeout 1h }')).toEqual({
      kind: 'migrated',
      timeout: '1h',
      nftPath: '/usr/sbin/nft',
    });
    expect(recogniseKillRoute('nft add element inet portsentry blocked4 { $TARGET$ }')).toEqual({
      kind: 'migrated',
      timeout: null,
      nftPath: 'nft',
    });
  });

  it('says why it leaves each other kind of line alone', () => {
    const why = (v: string) => {
      const r = recogniseKillRoute(v);
      return r.kind === 'unknown' ? r.why : `not unknown: ${r.kind}`;
    };
    expect(why('/sbin/route add -host 10.0.0.1 reject')).toBe(
      'it has no $TARGET$, so 1.2 never runs it ("No target variable specified")',
    );
    expect(why('/sbin/iptables -I INPUT -s $TARGET$ -p tcp --dport 22 -j DROP')).toBe(
      'iptables: "-p" is an option the recognised forms do not have; a set of addresses blocks all of a host\'s traffic and cannot express it',
    );
    expect(why('/sbin/iptables -I FORWARD -s $TARGET$ -j DROP')).toBe(
      'iptables: the rule goes into chain FORWARD, not INPUT',
    );
    expect(why('/sbin/iptables -I INPUT -s $TARGET$ -j ACCEPT')).toBe(
      'iptables: -j ACCEPT; the recognised targets are DROP, REJECT and LOG',
    );
    expect(why('/usr/local/bin/block-host $TARGET$')).toBe(
      '/usr/local/bin/block-host is not a blocking command migrate knows (route, ip route, iptables, ipchains, ipfwadm, ipfw, ipf)',
    );
    expect(why('/sbin/route add -host $TARGET$ reject; logger blocked $TARGET$')).toBe(
      'it runs several commands (/sbin/route add -host $TARGET$ reject; logger blocked $TARGET$); only the iptables DROP+LOG pair and the ipf pipe are recognised',
    );
    expect(why('/sbin/route add -host $TARGET$ reject > /dev/null')).toBe(
      'its shell syntax has a redirection at column 39, which migrate does not interpret',
    );
    expect(why('/sbin/route del -host $TARGET$ reject')).toBe(
      'route del -host $TARGET$ reject: only "route add ..." adds a block',
    );
    expect(why('nft add element inet filter banned { $TARGET$ }')).toBe(
      'it is already an nft command, but not the one portsentry migrate writes (inet portsentry blocked4); it is left as it is',
    );
    expect(
      why(
        '/sbin/iptables -I INPUT -s $TARGET$ -j DROP && /sbin/iptables -I INPUT -s $TARGET$ -j LOG --log-prefix \'say "hi"\'',
      ),
    ).toBe(
      'iptables: --log-prefix "say \\"hi\\"" cannot be an nft log prefix (printable, no " or \\, at most 127 bytes)',
    );
  });
});

describe('logLevel and limitRate', () => {
  it('maps iptables log levels, by name or number, to nft levels', () => {
    expect(['DEBUG', 'warning', 'error', '0', '4', '7', 'loud'].map(logLevel)).toEqual([
      'debug',
      'warn',
      'err',
      'emerg',
      'warn',
      'debug',
      null,
    ]);
  });
  it('spells iptables limit rates the nft way', () => {
    expect(['3/minute', '3/min', '10/s', '1/hour', '2/day', '0/s', '3/fortnight', 'fast'].map(limitRate)).toEqual([
      '3/minute',
      '3/minute',
      '10/second',
      '1/hour',
      '2/day',
      null,
      null,
      null,
    ]);
  });
});
