import type { Scenario } from '../lib/types.js';
import { conf, S1, S2, S3 } from '../lib/conf.js';

const OLD_LINE = '1000000000 - 09/09/2001 01:46:40 Host: 127.9.9.9/127.9.9.9 Port: 11 TCP Blocked\n';

/** Start-up, signals and the files across the daemon's life. */
export const scenarios: Scenario[] = [
  {
    name: 'lifecycle/sigterm-tcp',
    about: 'SIGTERM: the two shutdown lines, the daemon is gone, the port is closed',
    argv: ['-tcp'],
    config: conf(),
    actions: [
      { do: 'signal', signal: 'SIGTERM' },
      { do: 'tcp', from: S1, port: 11 },
    ],
  },
  {
    name: 'lifecycle/sigterm-udp',
    about: 'SIGTERM, -udp',
    argv: ['-udp'],
    config: conf(),
    actions: [{ do: 'signal', signal: 'SIGTERM' }],
  },
  {
    name: 'lifecycle/sighup-ignored',
    about: 'SIGHUP is ignored: the daemon goes on detecting',
    argv: ['-tcp'],
    config: conf(),
    actions: [
      { do: 'signal', signal: 'SIGHUP' },
      { do: 'tcp', from: S1, port: 11 },
    ],
  },
  {
    name: 'lifecycle/files-at-start',
    about: 'the blocked file is emptied at start, the history file is appended to; modes of created files',
    argv: ['-tcp'],
    config: conf(),
    files: {
      '/var/lib/portsentry/portsentry.blocked.tcp': { content: OLD_LINE, mode: 0o640 },
      '/var/lib/portsentry/portsentry.history': { content: OLD_LINE, mode: 0o640 },
    },
    actions: [{ do: 'tcp', from: S1, port: 11 }],
  },
  {
    name: 'lifecycle/files-created-modes',
    about: 'blocked file created by the invoking process (umask 022), history and hosts.deny by the daemon (umask 077)',
    argv: ['-udp'],
    config: conf(),
    actions: [{ do: 'udp', from: S1, port: 7 }],
  },
  {
    name: 'lifecycle/hosts-deny-existing',
    about: 'an existing hosts.deny is appended to and keeps its mode',
    argv: ['-tcp'],
    config: conf(),
    files: { '/etc/hosts.deny': { content: '# existing\nALL: 192.0.2.1\n', mode: 0o644 } },
    actions: [{ do: 'tcp', from: S1, port: 11 }],
  },
  {
    name: 'lifecycle/tcp-and-udp-share-history',
    about: 'TCP and UDP daemons side by side append to the same history file; each has its blocked file',
    argv: ['-tcp'],
    config: conf(),
    files: { '/var/lib/portsentry/portsentry.history': OLD_LINE },
    actions: [
      { do: 'start', argv: ['-udp'] },
      { do: 'tcp', from: S1, port: 11 },
      { do: 'udp', from: S2, port: 7 },
      { do: 'udp', from: S1, port: 9 },
      { do: 'tcp', from: S3, port: 15 },
    ],
  },
  {
    name: 'lifecycle/blocked-file-removed',
    about: 'the blocked file removed while running: "Will create", then created by the daemon (umask 077)',
    argv: ['-tcp'],
    config: conf(),
    actions: [
      { do: 'remove', path: '/var/lib/portsentry/portsentry.blocked.tcp' },
      { do: 'tcp', from: S1, port: 11 },
    ],
  },
  {
    name: 'lifecycle/blocked-file-edited',
    about: 'an address written into the blocked file by hand counts as already blocked',
    argv: ['-udp'],
    config: conf(),
    actions: [
      { do: 'write', path: '/var/lib/portsentry/portsentry.blocked.udp', content: 'hand-written Host: 127.1.2.3 \n' },
      { do: 'udp', from: S1, port: 7 },
      { do: 'udp', from: S2, port: 7 },
    ],
  },
  {
    name: 'lifecycle/sigkill-then-restart',
    about: 'after SIGKILL (no shutdown lines) a new daemon binds the ports again',
    argv: ['-tcp'],
    config: conf(),
    actions: [
      { do: 'signal', signal: 'SIGKILL' },
      { do: 'start', argv: ['-tcp'] },
      { do: 'tcp', from: S1, port: 11 },
    ],
  },
  {
    name: 'lifecycle/second-daemon-same-mode',
    about: 'a second -tcp daemon finds every port taken by the first',
    argv: ['-tcp'],
    config: conf(),
    actions: [
      { do: 'start', argv: ['-tcp'] },
      { do: 'tcp', from: S1, port: 11 },
    ],
  },
  {
    name: 'lifecycle/config-edited-after-start',
    about: 'options are read at start: editing the config later changes nothing',
    argv: ['-tcp'],
    config: conf(),
    actions: [
      {
        do: 'write',
        path: '/etc/portsentry/portsentry.conf',
        content: conf({ BLOCK_TCP: '0', KILL_HOSTS_DENY: null }),
      },
      { do: 'tcp', from: S1, port: 11 },
    ],
  },
  {
    name: 'lifecycle/history-fifo-sigterm',
    about:
      'the history file is a FIFO nobody reads: the hit waits for a reader (1.2 in fopen(), ours on a timer), and SIGTERM still ends the daemon with the two shutdown lines',
    argv: ['-tcp'],
    config: conf(),
    files: { '/var/lib/portsentry/portsentry.history': { fifo: true } },
    actions: [
      { do: 'tcp', from: S1, port: 11 },
      { do: 'signal', signal: 'SIGTERM' },
    ],
  },
  {
    name: 'lifecycle/history-fifo-keeps-detecting',
    about:
      'the history file is a FIFO nobody reads: 1.2 detects nothing more while it waits in fopen(); ours goes on detecting (the lines wait for a reader)',
    argv: ['-tcp'],
    config: conf(),
    files: { '/var/lib/portsentry/portsentry.history': { fifo: true } },
    actions: [
      { do: 'tcp', from: S1, port: 11 },
      { do: 'tcp', from: S3, port: 15 },
      { do: 'signal', signal: 'SIGTERM' },
    ],
  },
  {
    name: 'lifecycle/config-larger-than-1mib',
    about:
      'a config past 1 MiB (a comment line of 1 MiB after the options): 1.2 reads it; ours refuses it as if it could not be opened',
    argv: ['-tcp'],
    config: `${conf()}#${'x'.repeat(1024 * 1024)}\n`,
  },
];
