import type { Scenario } from '../lib/types.js';
import { conf, S1, S3 } from '../lib/conf.js';

/** CleanAndResolve(): RESOLVE_HOST=1 with /etc/hosts naming S1; S3 has no name (DNS fails at once). */
const HOSTS = '127.0.0.1 localhost\n127.1.2.3 scanner.example scanner\n';

export const scenarios: Scenario[] = [
  {
    name: 'resolve/named-tcp',
    about: 'RESOLVE_HOST=1: the name from /etc/hosts in the log, the blocked and history files',
    argv: ['-tcp'],
    config: conf({ RESOLVE_HOST: '1' }),
    files: { '/etc/hosts': HOSTS },
    actions: [{ do: 'tcp', from: S1, port: 11 }],
  },
  {
    name: 'resolve/named-udp',
    about: 'RESOLVE_HOST=1, -udp',
    argv: ['-udp'],
    config: conf({ RESOLVE_HOST: '1' }),
    files: { '/etc/hosts': HOSTS },
    actions: [{ do: 'udp', from: S1, port: 7 }],
  },
  {
    name: 'resolve/unnamed-tcp',
    about: 'RESOLVE_HOST=1 and no name for the address: the address itself',
    argv: ['-tcp'],
    config: conf({ RESOLVE_HOST: '1' }),
    files: { '/etc/hosts': HOSTS },
    actions: [{ do: 'tcp', from: S3, port: 11 }],
  },
  {
    name: 'resolve/unnamed-udp',
    about: 'RESOLVE_HOST=1 and no name, -udp',
    argv: ['-udp'],
    config: conf({ RESOLVE_HOST: '1' }),
    files: { '/etc/hosts': HOSTS },
    actions: [{ do: 'udp', from: S3, port: 7 }],
  },
  {
    name: 'resolve/off',
    about: 'RESOLVE_HOST=0: no lookup even with a name in /etc/hosts',
    argv: ['-tcp'],
    config: conf({ RESOLVE_HOST: '0' }),
    files: { '/etc/hosts': HOSTS },
    actions: [{ do: 'tcp', from: S1, port: 11 }],
  },
  {
    name: 'resolve/name-with-odd-bytes',
    about: 'a name with shell characters reaches the files and the log, never a command ($TARGET$ is the address)',
    argv: ['-tcp'],
    config: conf({ RESOLVE_HOST: '1', KILL_RUN_CMD: '/bin/echo run $TARGET$ >> /var/lib/portsentry/out' }),
    files: { '/etc/hosts': '127.1.2.3 a;touch$IFS/var/lib/portsentry/pwned\n' },
    actions: [{ do: 'tcp', from: S1, port: 11 }],
  },
  {
    name: 'resolve/long-name',
    about: 'a 300-byte name is cut to 254 bytes (DNSMAXBUF)',
    argv: ['-tcp'],
    config: conf({ RESOLVE_HOST: '1' }),
    files: { '/etc/hosts': `127.1.2.3 ${'n'.repeat(240)}.${'m'.repeat(59)}\n` },
    actions: [{ do: 'tcp', from: S1, port: 11 }],
  },
  {
    name: 'resolve/first-of-several-names',
    about: "two /etc/hosts lines for one address: the first line's name",
    argv: ['-tcp'],
    config: conf({ RESOLVE_HOST: '1' }),
    files: { '/etc/hosts': '127.1.2.3 first.example\n127.1.2.3 second.example\n' },
    actions: [{ do: 'tcp', from: S1, port: 11 }],
  },
];
