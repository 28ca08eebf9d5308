import type { Action, Scenario } from '../lib/types.js';
import { conf, S1, S2, S3 } from '../lib/conf.js';

/** NeverBlock(): the ignore file, read on every hit. S1 = 127.1.2.3, S2 = 127.0.0.2, S3 = 127.1.9.9. */
const IGN = '/etc/portsentry/portsentry.ignore';
const scanAll = (port = 11): Action[] => [
  { do: 'tcp', from: S1, port },
  { do: 'tcp', from: S2, port },
  { do: 'tcp', from: S3, port },
];
const withIgnore = (name: string, content: string, about: string, argv = ['-tcp']): Scenario => ({
  name: `ignore/${name}`,
  about,
  argv,
  config: conf(),
  files: { [IGN]: content },
  actions: argv[0] === '-udp' ? [{ do: 'udp', from: [S1, S2, S3], port: 7 }] : scanAll(),
});

export const scenarios: Scenario[] = [
  withIgnore('exact', '127.0.0.1\n127.1.2.3\n', 'an exact address is never blocked'),
  withIgnore('exact-udp', '127.0.0.1\n127.1.2.3\n', 'an exact address, -udp', ['-udp']),
  withIgnore('mask-8', '127.0.0.0/8\n', '/8 covers every scanner'),
  withIgnore('mask-24', '127.1.2.0/24\n', '/24 covers 127.1.2.3 only'),
  withIgnore('mask-24-udp', '127.1.2.0/24\n', '/24, -udp', ['-udp']),
  withIgnore('mask-32', '127.1.2.3/32\n', '/32 is the address'),
  withIgnore(
    'mask-0',
    '10.0.0.0/0\n127.1.9.9/0\n',
    '/0: the shift by 32 keeps every bit in 1.2, so it matches one address',
  ),
  withIgnore('mask-33', '127.0.0.0/33\n127.1.2.3\n', '/33: "Invalid netmask", entry skipped'),
  withIgnore('mask-negative', '127.0.0.0/-1\n', '"/-1": the "-" ends the copy, so the mask is empty (0)'),
  withIgnore('slash-alone', '/\n', '"/" alone: empty address and mask'),
  withIgnore(
    'leading-spaces',
    '  127.1.2.3\n\t127.1.9.9\n',
    'leading blanks: the copy stops at once, the entry is an empty address',
  ),
  withIgnore('hostname', 'localhost\nscanner.example\n', 'host names are not understood'),
  withIgnore('trailing-text', '127.1.2.3 the scanner\n127.1.9.9# other\n', 'text after the address is ignored'),
  withIgnore('ipv6', '::1\n::ffff:127.1.2.3\n', 'IPv6 entries never match'),
  withIgnore('comment-and-blank', '# 127.1.2.3\n\n127.0.0.2\n', 'comments and blank lines'),
  withIgnore('crlf', '127.1.2.3\r\n127.1.9.9/32\r\n', 'CRLF lines'),
  withIgnore(
    'last-line-inherits-tail',
    '127.1.2.345\n127.1.2.3',
    'a last line with no newline keeps the tail of a longer line before it (127.1.2.3 + "45")',
  ),
  withIgnore(
    'mask-after-shorter',
    '127.1.2.0/24\n127.1.9.9',
    'the slash written over by a terminator carries to the next line',
  ),
  withIgnore('empty-file', '', 'an empty ignore file'),
  withIgnore(
    'long-line',
    `${'1'.repeat(1100)}\n${'#'.repeat(1030)}127.1.2.3\n`,
    'lines longer than one fgets piece: the rest of a line is read as a line of its own',
  ),
  withIgnore('garbage', '\x00\xff\x01\n127.1.2.3\n', 'binary garbage line'),
  {
    name: 'ignore/missing-file',
    about: 'no ignore file: "cannot open ignore file. Blocking host anyway."',
    argv: ['-tcp'],
    config: conf(),
    files: { [IGN]: { absent: true } },
    actions: [{ do: 'tcp', from: S1, port: 11 }],
  },
  {
    name: 'ignore/missing-file-udp',
    about: 'no ignore file, -udp',
    argv: ['-udp'],
    config: conf(),
    files: { [IGN]: { absent: true } },
    actions: [{ do: 'udp', from: S1, port: 7 }],
  },
  {
    name: 'ignore/ignore-file-is-dir',
    about: 'the ignore file is a directory',
    argv: ['-tcp'],
    config: conf(),
    files: { [IGN]: { dir: true } },
    actions: [{ do: 'tcp', from: S1, port: 11 }],
  },
  {
    name: 'ignore/edited-between-scans',
    about: 'the ignore file is re-read on every hit: S2 is added between two scans',
    argv: ['-tcp'],
    config: conf(),
    actions: [
      { do: 'tcp', from: S1, port: 11 },
      { do: 'write', path: IGN, content: '127.0.0.1\n127.0.0.2\n' },
      { do: 'tcp', from: S2, port: 11 },
      { do: 'remove', path: IGN },
      { do: 'tcp', from: S3, port: 11 },
    ],
  },
  {
    name: 'ignore/past-1mib',
    about:
      'an ignore file longer than 1 MiB lists S1 after the first MiB: 1.2 reads it all and ignores S1; ours reads the first MiB, says so, and blocks S1',
    argv: ['-tcp'],
    config: conf(),
    files: { [IGN]: `127.0.0.1\n#${'x'.repeat(1024 * 1024)}\n${S1}\n` },
    actions: [{ do: 'tcp', from: S1, port: 11 }],
  },
  {
    name: 'ignore/dev-zero',
    about:
      'IGNORE_FILE="/dev/zero": 1.2 reads it for ever in fgets() on the first hit; ours does not read it, says so and blocks, and both obey SIGTERM',
    argv: ['-tcp'],
    config: conf({ IGNORE_FILE: '/dev/zero' }),
    actions: [
      { do: 'tcp', from: S1, port: 11 },
      { do: 'signal', signal: 'SIGTERM' },
    ],
  },
  {
    name: 'ignore/fifo',
    about:
      'the ignore file is a FIFO nobody writes: 1.2 waits in fopen() on the first hit; ours does not read it, says so and blocks, and both obey SIGTERM',
    argv: ['-tcp'],
    config: conf(),
    files: { [IGN]: { fifo: true } },
    actions: [
      { do: 'tcp', from: S1, port: 11 },
      { do: 'signal', signal: 'SIGTERM' },
    ],
  },
];
