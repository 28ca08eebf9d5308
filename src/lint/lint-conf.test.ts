import { describe, expect, it } from 'vitest';
import type { Mode } from '../config/settings.js';
import { fakeEnv, type FakeMachine } from '../../test-support/fake-env.js';
import { formatFinding } from './format.js';
import { lintConf } from './lint-conf.js';

/** A config that 1.2 reads without surprise; each case below changes one thing. Lines 1 to 12. */
const BASE = [
  'TCP_PORTS="1,11,15"',
  'UDP_PORTS="1,7,9"',
  'ADVANCED_PORTS_TCP="1024"',
  'ADVANCED_PORTS_UDP="1024"',
  'IGNORE_FILE="/etc/portsentry/portsentry.ignore"',
  'HISTORY_FILE="/var/lib/portsentry/portsentry.history"',
  'BLOCKED_FILE="/var/lib/portsentry/portsentry.blocked"',
  'SCAN_TRIGGER="0"',
  'BLOCK_TCP="1"',
  'BLOCK_UDP="1"',
  'KILL_ROUTE="/usr/sbin/iptables -I INPUT -s $TARGET$ -j DROP"',
  'KILL_HOSTS_DENY="ALL: $TARGET$ : DENY"',
];

/** BASE with the line of each given key replaced (null deletes it) and extra lines appended. */
const conf = (changes: Record<string, string | null> = {}, extra: string[] = []): string => {
  const lines: string[] = [];
  for (const line of BASE) {
    const key = line.slice(0, line.indexOf('='));
    if (!(key in changes)) lines.push(line);
    else if (changes[key] !== null) lines.push(changes[key]!);
  }
  return [...lines, ...extra].join('\n') + '\n';
};

const machine = (config: string, more: Partial<FakeMachine> = {}): FakeMachine => ({
  ...more,
  files: {
    'p.conf': { content: config },
    '/etc/portsentry/portsentry.ignore': { content: '127.0.0.1/32\n192.0.2.10\n' },
    '/var/lib/portsentry/portsentry.history': { content: '' },
    '/usr/sbin/iptables': { mode: 0o755 },
    '/sbin/route': { mode: 0o755 },
    '/usr/local/sbin/page-admin': { mode: 0o755 },
    ...more.files,
  },
  hostAddresses: more.hostAddresses ?? ['127.0.0.1', '192.0.2.10'],
});

/** The findings of one rule, formatted as printed. */
const lint = (config: string, rule: string, opts: { mode?: Mode; machine?: Partial<FakeMachine> } = {}): string[] =>
  lintConf('p.conf', { mode: opts.mode }, fakeEnv(machine(config, opts.machine)))
    .findings.filter((f) => f.rule === rule)
    .map(formatFinding);

describe('lint conf on a clean config', () => {
  it('finds nothing in the base config and exits 0', () => {
    const r = lintConf('p.conf', {}, fakeEnv(machine(conf())));
    expect(r.findings.map(formatFinding)).toEqual([]);
    expect(r.exitStatus).toBe(0);
  });
  it('exits 1 when the worst finding is a warning and 2 when there is an error', () => {
    expect(lintConf('p.conf', {}, fakeEnv(machine(conf({ SCAN_TRIGGER: 'SCAN_TRIGGER="99"' })))).exitStatus).toBe(1);
    expect(lintConf('p.conf', {}, fakeEnv(machine(conf({ IGNORE_FILE: null })))).exitStatus).toBe(2);
  });
  it('exits 0 when there is only info', () => {
    const r = lintConf('p.conf', {}, fakeEnv(machine(conf({}, ['RESOLVE_HOST="1"']))));
    expect(r.findings.map((f) => f.severity)).toEqual(['info']);
    expect(r.exitStatus).toBe(0);
  });
});

describe('lint conf: how 1.2 reads option lines', () => {
  it('warns that an option without quotes is skipped, even when a later line is right', () => {
    expect(lint(conf({ SCAN_TRIGGER: 'SCAN_TRIGGER=2' }, ['SCAN_TRIGGER="2"']), 'missing-quotes')).toEqual([
      'p.conf:8:1: warning: SCAN_TRIGGER has no quotes: 1.2 logs "Quotes missing from SCAN_TRIGGER token. Option skipped" and goes on as if it were not set (0, after logging "Could not read SCAN_TRIGGER option"); it never reads the SCAN_TRIGGER at line 13 [missing-quotes]\n    hint: write SCAN_TRIGGER="..."\n',
    ]);
  });
  it('warns about a duplicate key and says the first line wins', () => {
    expect(lint(conf({}, ['BLOCK_TCP="0"']), 'duplicate-key')).toEqual([
      'p.conf:13:1: warning: BLOCK_TCP is set again: 1.2 uses the first one, at line 9, and never reads this one [duplicate-key]\n    hint: delete one of the two lines\n',
    ]);
  });
  it('warns that a second KILL_ROUTE never runs', () => {
    expect(lint(conf({}, ['KILL_ROUTE="/sbin/route add -host $TARGET$ reject"']), 'multiple-kill-route')).toEqual([
      'p.conf:13:1: warning: another KILL_ROUTE: 1.2 runs only the first one, at line 11, and never reads this one [multiple-kill-route]\n    hint: join the commands with " && " in one KILL_ROUTE, or run the second one from KILL_RUN_CMD\n',
    ]);
  });
  it('warns about a key hidden by leading whitespace', () => {
    expect(lint(conf({ SCAN_TRIGGER: '  SCAN_TRIGGER="0"' }), 'key-leading-space')).toEqual([
      'p.conf:8:1: warning: SCAN_TRIGGER is hidden by leading whitespace: 1.2 only finds an option at the start of its line, so it ignores this line [key-leading-space]\n    hint: remove the whitespace before SCAN_TRIGGER\n',
    ]);
  });
  it('warns about a key followed by a tab instead of "=" or a space', () => {
    expect(lint(conf({}, ['RESOLVE_HOST\t="0"']), 'key-bad-separator')).toEqual([
      'p.conf:13:13: warning: 1.2 ignores this line: RESOLVE_HOST must be followed by "=" or a space, found a tab [key-bad-separator]\n    hint: write RESOLVE_HOST="value"\n',
    ]);
  });
  it('suggests KILL_ROUTE for KILL_ROUTES', () => {
    expect(lint(conf({}, ['KILL_ROUTES="/sbin/route add -host $TARGET$ reject"']), 'unknown-key')).toEqual([
      'p.conf:13:1: warning: unknown option "KILL_ROUTES": 1.2 ignores this line [unknown-key]\n    hint: did you mean KILL_ROUTE?\n',
    ]);
  });
  it('suggests BLOCK_TCP for BLOCK_TCPP and nothing for a name far from every option', () => {
    expect(lint(conf({}, ['BLOCK_TCPP="1"', 'COLOUR="blue"']), 'unknown-key')).toEqual([
      'p.conf:13:1: warning: unknown option "BLOCK_TCPP": 1.2 ignores this line [unknown-key]\n    hint: did you mean BLOCK_TCP?\n',
      'p.conf:14:1: warning: unknown option "COLOUR": 1.2 ignores this line [unknown-key]\n',
    ]);
  });
  it('warns about a line that is neither a comment nor an option', () => {
    expect(lint(conf({}, ['resolve host on']), 'stray-line')).toEqual([
      'p.conf:13:1: warning: 1.2 ignores this line: it is neither a comment nor an option [stray-line]\n    hint: start comments with "#" in the first column\n',
    ]);
  });
  it('warns that a line naming another option is read as that option too', () => {
    expect(lint(conf({ BLOCK_UDP: 'BLOCK_UDP="1" # as BLOCK_TCP', BLOCK_TCP: null }), 'key-elsewhere')).toEqual([
      'p.conf:9:20: warning: 1.2 also reads this line as BLOCK_TCP: the name appears in it and byte 10 of the line is "=" [key-elsewhere]\n    hint: keep option names out of other lines\' text\n',
    ]);
  });
  it('warns about a value cut short by a tab', () => {
    expect(lint(conf({ KILL_HOSTS_DENY: 'KILL_HOSTS_DENY="ALL:\t$TARGET$"' }), 'value-cut')).toEqual([
      'p.conf:12:22: warning: KILL_HOSTS_DENY\'s value is cut at a tab: 1.2 reads KILL_HOSTS_DENY="ALL:" [value-cut]\n    hint: replace the tab with a space\n',
    ]);
  });
  it('warns about a value cut short by the CR of a CRLF line without its closing quote', () => {
    expect(lint(conf({ SCAN_TRIGGER: 'SCAN_TRIGGER="1\r' }), 'value-cut')).toEqual([
      'p.conf:8:16: warning: SCAN_TRIGGER\'s value is cut at a carriage return (a CRLF line ending?): 1.2 reads SCAN_TRIGGER="1" [value-cut]\n    hint: convert the file to Unix line endings (dos2unix), and close the quote\n',
    ]);
  });
  it('warns about a value cut at a byte that is not printable ASCII', () => {
    expect(lint(conf({}, ['PORT_BANNER="caf\xe9 closed"']), 'value-cut')).toEqual([
      'p.conf:13:17: warning: PORT_BANNER\'s value is cut at a byte that is not printable ASCII: 1.2 reads PORT_BANNER="caf" [value-cut]\n    hint: use plain ASCII, and straight double quotes\n',
    ]);
  });
  it('notes a value without its closing quote, which 1.2 reads to the end of the line', () => {
    expect(lint(conf({}, ['PORT_BANNER="go away']), 'unclosed-quote')).toEqual([
      "p.conf:13:21: info: PORT_BANNER's value has no closing quote: 1.2 reads it to the end of the line [unclosed-quote]\n",
    ]);
  });
  it('warns about a numeric option that is not a number, with the number 1.2 reads', () => {
    expect(lint(conf({ BLOCK_UDP: 'BLOCK_UDP="yes"' }), 'not-a-number')).toEqual([
      'p.conf:10:12: warning: BLOCK_UDP="yes" is not a number: 1.2 reads it as 0 [not-a-number]\n',
    ]);
  });
  it('warns about a line longer than 1023 bytes, and about the option 1.2 finds in its second piece', () => {
    const long = `# ${'x'.repeat(1021)}TCP_PORTS="5"`;
    const r = lintConf('p.conf', {}, fakeEnv(machine(conf({ TCP_PORTS: null }, [long]))));
    expect(
      r.findings.filter((f) => f.rule === 'long-line' || f.rule === 'key-in-long-line').map(formatFinding),
    ).toEqual([
      'p.conf:12:1: warning: line is 1036 bytes long: 1.2 reads lines in pieces of 1023 bytes and treats each piece as a line of its own [long-line]\n    hint: split the line, or shorten the value\n',
      'p.conf:12:1024: warning: 1.2 reads TCP_PORTS here: byte 1024 of this long line starts a new 1023-byte piece, which it reads as a line of its own [key-in-long-line]\n',
    ]);
    expect(r.effective!.tcpPorts).toEqual([5]);
  });
});

describe('lint conf: what 1.2 needs to start', () => {
  it('reports a missing mandatory option as an error without a line', () => {
    expect(lint(conf({ HISTORY_FILE: null }), 'missing-mandatory')).toEqual([
      'p.conf: error: HISTORY_FILE is not set: 1.2 refuses to start ("InitConfig: Cannot retrieve HISTORY_FILE option! Aborting") [missing-mandatory]\n    hint: add HISTORY_FILE="/path/to/file"\n',
    ]);
  });
  it('reports the port list a mode needs when it is missing', () => {
    expect(lint(conf({ UDP_PORTS: null }), 'missing-port-list', { mode: 'sudp' })).toEqual([
      'p.conf: error: UDP_PORTS is not set: -sudp refuses to start ("Could not read UDP_PORTS option from config file") [missing-port-list]\n    hint: add UDP_PORTS="..." with the ports to watch\n',
    ]);
  });
  it('only notes a missing port list when no mode is given', () => {
    expect(lint(conf({ UDP_PORTS: null }), 'missing-port-list')).toEqual([
      'p.conf: info: UDP_PORTS is not set: -udp and -sudp refuse to start ("Could not read UDP_PORTS option from config file") [missing-port-list]\n    hint: add UDP_PORTS="..." with the ports to watch\n',
    ]);
  });
  it('reports an empty port list for the mode', () => {
    expect(lint(conf({ TCP_PORTS: 'TCP_PORTS=",,"' }), 'empty-port-list', { mode: 'tcp' })).toEqual([
      'p.conf:1:12: error: TCP_PORTS lists no ports: -tcp refuses to start ("No TCP ports supplied in config file. Aborting") [empty-port-list]\n',
    ]);
  });
  it('reports a BLOCKED_FILE directory that does not exist', () => {
    expect(lint(conf({ BLOCKED_FILE: 'BLOCKED_FILE="/nowhere/portsentry.blocked"' }), 'state-dir-missing')).toEqual([
      'p.conf:7:15: error: 1.2 cannot create the blocked file in /nowhere (no such file or directory): it logs "Cannot delete blocked file on startup" and refuses to start [state-dir-missing]\n    hint: mkdir -p /nowhere\n',
    ]);
  });
});

describe('lint conf: ports', () => {
  it('warns about a port that is not a number with what 1.2 reads', () => {
    expect(lint(conf({ TCP_PORTS: 'TCP_PORTS="1,80x,15"' }), 'port-not-number')).toEqual([
      'p.conf:1:14: warning: "80x" is not a port number: 1.2 reads it as 80 [port-not-number]\n    hint: list port numbers separated by commas\n',
    ]);
  });
  it('warns about a port above 65535 and says which port 1.2 binds instead, and what stealth mode watches', () => {
    const config = conf({ TCP_PORTS: 'TCP_PORTS="1,70000"' });
    expect(lint(config, 'port-out-of-range')).toEqual([
      'p.conf:1:14: warning: port 70000 is out of range: 1.2 binds port 4464 instead (the low 16 bits); in stealth mode it watches for port 70000, which no packet carries [port-out-of-range]\n    hint: use ports from 1 to 65535\n',
    ]);
    expect(lint(config, 'port-out-of-range', { mode: 'tcp' })).toEqual([
      'p.conf:1:14: warning: port 70000 is out of range: 1.2 binds port 4464 instead (the low 16 bits) [port-out-of-range]\n    hint: use ports from 1 to 65535\n',
    ]);
    expect(lint(config, 'port-out-of-range', { mode: 'stcp' })).toEqual([
      'p.conf:1:14: warning: port 70000 is out of range: 1.2 checks port 4464 for a listener, then watches for port 70000, which no packet carries [port-out-of-range]\n    hint: use ports from 1 to 65535\n',
    ]);
  });
  it('warns about port 0', () => {
    expect(lint(conf({ UDP_PORTS: 'UDP_PORTS="0"' }), 'port-out-of-range')).toEqual([
      'p.conf:2:12: warning: port 0 is out of range: 1.2 binds port 0, which makes the kernel pick a random free port [port-out-of-range]\n    hint: use ports from 1 to 65535\n',
    ]);
  });
  it('warns about a repeated port, also when it repeats after wrapping', () => {
    expect(lint(conf({ TCP_PORTS: 'TCP_PORTS="80,80,65616"' }), 'port-repeated')).toEqual([
      'p.conf:1:15: warning: port 80 is listed again (first at column 12): the second bind fails and 1.2 logs an error for it [port-repeated]\n    hint: delete the repetition\n',
      'p.conf:1:18: warning: port 80 is listed again (first at column 12): the second bind fails and 1.2 logs an error for it [port-repeated]\n    hint: delete the repetition\n',
    ]);
  });
  it('warns once about the ports beyond the 64th', () => {
    const list = Array.from({ length: 66 }, (_, i) => 40001 + i).join(',');
    expect(lint(conf({ TCP_PORTS: `TCP_PORTS="${list}"` }), 'port-beyond-64')).toEqual([
      'p.conf:1:396: warning: TCP_PORTS lists 66 ports: 1.2 keeps the first 64 and ignores the other 2, from "40065" on [port-beyond-64]\n    hint: watch at most 64 ports per list\n',
    ]);
  });
  it('warns about X ports when an X server runs, and not otherwise', () => {
    const config = conf({ TCP_PORTS: 'TCP_PORTS="1,2000,6000"' });
    expect(lint(config, 'x-server-port', { machine: { xServer: true } })).toEqual([
      'p.conf:1:14: warning: an X server runs on this host: watching port 2000 (OpenWindows) keeps X clients from starting properly [x-server-port]\n    hint: remove 2000 from TCP_PORTS\n',
      'p.conf:1:19: warning: an X server runs on this host: watching port 6000 (X11) keeps X clients from starting properly [x-server-port]\n    hint: remove 6000 from TCP_PORTS\n',
    ]);
    expect(lint(config, 'x-server-port')).toEqual([]);
  });
  it('warns about a listed port a running service holds', () => {
    expect(
      lint(conf({ UDP_PORTS: 'UDP_PORTS="1,111"' }), 'port-in-use', { machine: { portsInUse: ['udp/111'] } }),
    ).toEqual([
      'p.conf:2:14: warning: port 111/udp is already held by a running service: 1.2 cannot bind it and does not watch it [port-in-use]\n    hint: remove 111 from UDP_PORTS (if portsentry itself is running, these are its own sockets)\n',
    ]);
  });
  it('does not probe with --no-probe, and notes ports it could not probe', () => {
    const config = conf({ UDP_PORTS: 'UDP_PORTS="1,111"' });
    const env = fakeEnv(machine(config, { portsInUse: ['udp/111'] }));
    expect(lintConf('p.conf', { probe: false }, env).findings).toEqual([]);
    expect(lint(conf(), 'port-probe-incomplete', { mode: 'tcp', machine: { portsInUse: ['tcp/*'] } })).toEqual([
      'p.conf: info: could not check 3 TCP ports for running services (ports below 1024 need root) [port-probe-incomplete]\n',
    ]);
  });
  it('warns about SCAN_TRIGGER above 50', () => {
    expect(lint(conf({ SCAN_TRIGGER: 'SCAN_TRIGGER="51"' }), 'scan-trigger-too-high')).toEqual([
      'p.conf:8:15: warning: SCAN_TRIGGER is 51, more than the 50 connections 1.2 remembers: it logs "Trigger value 51 is larger than state engine capacity" and reacts to every connection, as with 0 [scan-trigger-too-high]\n    hint: use a value from 0 to 50 (1 or 2 reduce false alarms)\n',
    ]);
  });
  it('warns about a missing SCAN_TRIGGER', () => {
    expect(lint(conf({ SCAN_TRIGGER: null }), 'scan-trigger-missing')).toEqual([
      'p.conf: warning: SCAN_TRIGGER is not set: 1.2 logs "Could not read SCAN_TRIGGER option" at every start and reacts to the first connection [scan-trigger-missing]\n    hint: add SCAN_TRIGGER="0"\n',
    ]);
  });
  it('warns about ADVANCED_PORTS_TCP above 65535', () => {
    expect(
      lint(conf({ ADVANCED_PORTS_TCP: 'ADVANCED_PORTS_TCP="65536"' }), 'advanced-ports-range', { mode: 'atcp' }),
    ).toEqual([
      'p.conf:3:21: warning: ADVANCED_PORTS_TCP is 65536: 1.2 watches every port, but first opens and binds 65536 sockets one by one at start-up [advanced-ports-range]\n    hint: use 1024 (the default) or at most 65535\n',
    ]);
  });
  it('warns about excluded ports advanced mode never watches anyway', () => {
    expect(lint(conf({}, ['ADVANCED_EXCLUDE_UDP="137,2049"']), 'exclude-meaningless', { mode: 'audp' })).toEqual([
      'p.conf:13:27: warning: port 2049 is not below ADVANCED_PORTS_UDP (1024): -audp never watches it anyway, so excluding it changes nothing [exclude-meaningless]\n    hint: remove 2049 from ADVANCED_EXCLUDE_UDP, or raise ADVANCED_PORTS_UDP above it\n',
    ]);
  });
  it('notes the default 1024 when ADVANCED_PORTS_TCP is missing for -atcp', () => {
    expect(lint(conf({ ADVANCED_PORTS_TCP: null }), 'advanced-ports-default', { mode: 'atcp' })).toEqual([
      'p.conf: info: ADVANCED_PORTS_TCP is not set: 1.2 logs "Could not read ADVANCED_PORTS_TCP option from config file. Assuming 1024." and watches ports below 1024 [advanced-ports-default]\n',
    ]);
  });
});

describe('lint conf: responses', () => {
  it('warns about BLOCK_TCP other than 0, 1 or 2', () => {
    expect(lint(conf({ BLOCK_TCP: 'BLOCK_TCP="3"' }), 'block-value')).toEqual([
      'p.conf:9:12: warning: BLOCK_TCP is 3: 1.2 knows 0 (log only), 1 (block) and 2 (run KILL_RUN_CMD only); with 3 it logs "Ignoring TCP response per configuration file setting." and blocks nothing [block-value]\n    hint: set BLOCK_TCP="0", "1" or "2"\n',
    ]);
  });
  it('warns about blocking enabled with nothing to run', () => {
    expect(lint(conf({ KILL_ROUTE: null, KILL_HOSTS_DENY: null }), 'nothing-to-run', { mode: 'tcp' })).toEqual([
      'p.conf:9:12: warning: BLOCK_TCP is 1 but none of KILL_ROUTE, KILL_HOSTS_DENY and KILL_RUN_CMD is set: 1.2 blocks nothing (it only writes the host to the blocked file) [nothing-to-run]\n    hint: set KILL_ROUTE or KILL_HOSTS_DENY\n',
    ]);
  });
  it('warns about BLOCK_UDP 2 without KILL_RUN_CMD', () => {
    expect(lint(conf({ BLOCK_UDP: 'BLOCK_UDP="2"' }), 'nothing-to-run', { mode: 'udp' })).toEqual([
      'p.conf:10:12: warning: BLOCK_UDP is 2 (run KILL_RUN_CMD only) but KILL_RUN_CMD is not set: 1.2 runs nothing [nothing-to-run]\n    hint: set KILL_RUN_CMD, or use 1 to block\n',
    ]);
  });
  it('warns about KILL_RUN_CMD when no BLOCK_* is 1 or 2', () => {
    const config = conf({ BLOCK_TCP: 'BLOCK_TCP="0"', BLOCK_UDP: 'BLOCK_UDP="0"' }, [
      'KILL_RUN_CMD="/usr/local/sbin/page-admin $TARGET$"',
    ]);
    expect(lint(config, 'run-cmd-unused')).toEqual([
      'p.conf:13:15: warning: KILL_RUN_CMD never runs: 1.2 runs it only when BLOCK_TCP or BLOCK_UDP is 1 or 2 [run-cmd-unused]\n    hint: set BLOCK_TCP or BLOCK_UDP to "2" to run only this command, or to "1" to block too\n',
    ]);
  });
  it('notes KILL_RUN_CMD_FIRST without KILL_RUN_CMD', () => {
    expect(lint(conf({}, ['KILL_RUN_CMD_FIRST="1"']), 'run-cmd-first-unused')).toEqual([
      'p.conf:13:1: info: KILL_RUN_CMD_FIRST has no effect: 1.2 reads it only when KILL_RUN_CMD is set [run-cmd-first-unused]\n',
    ]);
  });
  it('reports KILL_ROUTE without $TARGET$ as an error when blocking is on', () => {
    expect(
      lint(conf({ KILL_ROUTE: 'KILL_ROUTE="/usr/sbin/iptables -I INPUT -s TARGET -j DROP"' }), 'no-target'),
    ).toEqual([
      'p.conf:11:13: error: KILL_ROUTE has no $TARGET$: 1.2 never runs it ("No target variable specified in KILL_ROUTE option. Skipping.") [no-target]\n    hint: put $TARGET$ where the attacker\'s address goes\n',
    ]);
  });
  it('reports KILL_HOSTS_DENY without $TARGET$ as a warning when blocking is off', () => {
    const config = conf({
      BLOCK_TCP: 'BLOCK_TCP="0"',
      BLOCK_UDP: 'BLOCK_UDP="0"',
      KILL_HOSTS_DENY: 'KILL_HOSTS_DENY="ALL: 10.0.0.1"',
    });
    expect(lint(config, 'no-target')).toEqual([
      'p.conf:12:18: warning: KILL_HOSTS_DENY has no $TARGET$: 1.2 never runs it ("No target variable specified in KILL_HOSTS_DENY option. Skipping.") (it does not run with the current BLOCK_TCP and BLOCK_UDP) [no-target]\n    hint: put $TARGET$ where the attacker\'s address goes\n',
    ]);
  });
  it('reports a response program that does not exist', () => {
    expect(
      lint(conf({ KILL_ROUTE: 'KILL_ROUTE="/sbin/ipfw add 1 deny all from $TARGET$ to any"' }), 'program-not-found'),
    ).toEqual([
      'p.conf:11:13: error: KILL_ROUTE runs /sbin/ipfw, which does not exist: the shell fails and nothing is blocked [program-not-found]\n    hint: give the full path of an installed program\n',
    ]);
  });
  it('looks a bare program name up in the daemon PATH', () => {
    expect(
      lint(conf({ KILL_ROUTE: 'KILL_ROUTE="nft add element inet filter blocked { $TARGET$ }"' }), 'program-not-found'),
    ).toEqual([
      'p.conf:11:13: error: KILL_ROUTE runs "nft", which is not in the daemon\'s PATH (/bin:/usr/bin:/sbin:/usr/sbin): the shell fails and nothing is blocked [program-not-found]\n    hint: give the full path of an installed program\n',
    ]);
    expect(
      lint(conf({ KILL_ROUTE: 'KILL_ROUTE="iptables -I INPUT -s $TARGET$ -j DROP"' }), 'program-not-found'),
    ).toEqual([]);
  });
  it('reports a response program that is not executable', () => {
    const config = conf({}, ['KILL_RUN_CMD="/usr/local/sbin/notify.sh $TARGET$"']);
    expect(
      lint(config, 'program-not-executable', { machine: { files: { '/usr/local/sbin/notify.sh': { mode: 0o644 } } } }),
    ).toEqual([
      'p.conf:13:15: error: KILL_RUN_CMD runs /usr/local/sbin/notify.sh, which is not executable (mode 0644): the shell fails [program-not-executable]\n    hint: chmod 755 /usr/local/sbin/notify.sh\n',
    ]);
  });
  it('reports a KILL_RUN_CMD program writable by someone but root', () => {
    const config = conf({}, ['KILL_RUN_CMD="/usr/local/sbin/notify.sh $TARGET$"']);
    expect(
      lint(config, 'insecure-file', { machine: { files: { '/usr/local/sbin/notify.sh': { mode: 0o775, gid: 50 } } } }),
    ).toEqual([
      'p.conf:13:15: error: KILL_RUN_CMD runs /usr/local/sbin/notify.sh, which is writable by group 50 (mode 0775): whoever can change it runs commands as root when a scan is detected [insecure-file]\n    hint: chown root:root /usr/local/sbin/notify.sh && chmod go-w /usr/local/sbin/notify.sh\n',
    ]);
  });
  it('counts group write for gid 0 as root only', () => {
    const config = conf({}, ['KILL_RUN_CMD="/usr/local/sbin/notify.sh $TARGET$"']);
    expect(
      lint(config, 'insecure-file', { machine: { files: { '/usr/local/sbin/notify.sh': { mode: 0o775, gid: 0 } } } }),
    ).toEqual([]);
  });
  it('reports a config file owned by another user', () => {
    expect(lint(conf(), 'insecure-file', { machine: { files: { 'p.conf': { content: conf(), uid: 1000 } } } })).toEqual(
      [
        'p.conf: error: p.conf is owned by uid 1000, not root: whoever can write it chooses the commands 1.2 runs as root [insecure-file]\n    hint: chown root:root p.conf && chmod go-w p.conf\n',
      ],
    );
  });
  it('reports a config in a directory others can write to, unless the directory is sticky', () => {
    const run = (dirMode: number) =>
      lintConf(
        '/etc/portsentry/p.conf',
        {},
        fakeEnv(
          machine(conf(), {
            files: {
              '/etc/portsentry/p.conf': { content: conf() },
              '/etc/portsentry': { kind: 'directory', mode: dirMode },
            },
          }),
        ),
      )
        .findings.filter((f) => f.rule === 'insecure-file')
        .map(formatFinding);
    expect(run(0o777)).toEqual([
      '/etc/portsentry/p.conf: error: /etc/portsentry/p.conf is in /etc/portsentry, a directory writable by everyone (mode 0777): whoever can write it chooses the commands 1.2 runs as root [insecure-file]\n    hint: chown root:root /etc/portsentry && chmod go-w /etc/portsentry\n',
      '/etc/portsentry/portsentry.ignore: error: /etc/portsentry/portsentry.ignore is in /etc/portsentry, a directory writable by everyone (mode 0777): whoever can write it decides which scanners are never blocked [insecure-file]\n    hint: chown root:root /etc/portsentry && chmod go-w /etc/portsentry\n',
    ]);
    expect(run(0o1777)).toEqual([]);
  });
  it('reports an ignore file writable by everyone', () => {
    const files = { '/etc/portsentry/portsentry.ignore': { content: '127.0.0.1/32\n192.0.2.10\n', mode: 0o666 } };
    expect(lint(conf(), 'insecure-file', { machine: { files } })).toEqual([
      '/etc/portsentry/portsentry.ignore: error: /etc/portsentry/portsentry.ignore is writable by everyone (mode 0666): whoever can write it decides which scanners are never blocked [insecure-file]\n    hint: chown root:root /etc/portsentry/portsentry.ignore && chmod go-w /etc/portsentry/portsentry.ignore\n',
    ]);
  });
  it('warns about an ignore file that cannot be read, at the IGNORE_FILE line', () => {
    expect(lint(conf({ IGNORE_FILE: 'IGNORE_FILE="/etc/portsentry/none"' }), 'ignore-file-unreadable')).toEqual([
      'p.conf:5:14: warning: cannot open /etc/portsentry/none: no such file or directory; 1.2 logs "cannot open ignore file. Blocking host anyway." and can block any host [ignore-file-unreadable]\n',
    ]);
  });
  it('warns about the sample gateway 333.444.555.666', () => {
    expect(
      lint(conf({ KILL_ROUTE: 'KILL_ROUTE="/sbin/route add -host $TARGET$ gw 333.444.555.666"' }), 'example-gateway'),
    ).toEqual([
      'p.conf:11:47: warning: 333.444.555.666 is the sample config\'s placeholder gateway, not an address: the command fails and nothing is blocked [example-gateway]\n    hint: use "route add -host $TARGET$ reject", or the address of a dead host on the local subnet\n',
    ]);
  });
  it('warns about iptables --log-level DEBUG', () => {
    const route = 'KILL_ROUTE="/usr/sbin/iptables -I INPUT -s $TARGET$ -j LOG --log-level DEBUG"';
    expect(lint(conf({ KILL_ROUTE: route }), 'iptables-log-level')).toEqual([
      'p.conf:11:60: warning: iptables rejects "--log-level DEBUG": it only knows lower-case level names, so the whole command fails [iptables-log-level]\n    hint: write --log-level debug\n',
    ]);
  });
  it('warns about ipchains on a modern kernel and suggests portsentry migrate', () => {
    const route = 'KILL_ROUTE="/sbin/ipchains -I input -s $TARGET$ -j DENY -l"';
    const files = { '/sbin/ipchains': { mode: 0o755 } };
    expect(lint(conf({ KILL_ROUTE: route }), 'legacy-firewall', { machine: { files } })).toEqual([
      'p.conf:11:13: warning: KILL_ROUTE uses ipchains, which Linux dropped in 2.6 (this kernel is 6.1.0-18-amd64): nothing is blocked [legacy-firewall]\n    hint: run "portsentry migrate nftables" to rewrite it for nftables\n',
    ]);
    expect(
      lint(conf({ KILL_ROUTE: route }), 'legacy-firewall', {
        machine: { files, kernel: { type: 'Linux', release: '2.2.19' } },
      }),
    ).toEqual([]);
  });
  it('warns about route blocking on a modern kernel', () => {
    expect(lint(conf({ KILL_ROUTE: 'KILL_ROUTE="/sbin/route add -host $TARGET$ reject"' }), 'legacy-firewall')).toEqual(
      [
        'p.conf:11:13: warning: KILL_ROUTE blocks with route, a legacy tool on Linux 6.1.0-18-amd64: a reject route only stops replies to the scanner, not its packets [legacy-firewall]\n    hint: run "portsentry migrate nftables" to rewrite it for nftables\n',
      ],
    );
  });
  it('warns about a % in KILL_HOSTS_DENY that tcp_wrappers does not expand, not about %h or %%', () => {
    const deny = 'KILL_HOSTS_DENY="ALL: $TARGET$ : spawn (echo %h 100%% %Y)"';
    expect(lint(conf({ KILL_HOSTS_DENY: deny }), 'hosts-deny-percent')).toEqual([
      'p.conf:12:55: warning: "%Y" is not a tcp_wrappers expansion: tcpd logs "unrecognized %Y" and drops it from the hosts.deny rule [hosts-deny-percent]\n    hint: write "%%" for a literal "%"\n',
    ]);
  });
  it('notes that RESOLVE_HOST=1 puts DNS on the attack path', () => {
    expect(lint(conf({}, ['RESOLVE_HOST="1"']), 'resolve-host-dns')).toEqual([
      'p.conf:13:15: info: RESOLVE_HOST is on: every detected scan waits for a reverse DNS lookup before it is logged and blocked, and the scanner may control that DNS server [resolve-host-dns]\n    hint: set RESOLVE_HOST="0" unless you need host names in the log\n',
    ]);
  });
  it('notes PORT_BANNER in a stealth mode only', () => {
    const config = conf({}, ['PORT_BANNER="go away"']);
    expect(lint(config, 'banner-stealth', { mode: 'stcp' })).toEqual([
      'p.conf:13:1: info: PORT_BANNER is not used in -stcp mode: stealth modes never answer a connection [banner-stealth]\n',
    ]);
    expect(lint(config, 'banner-stealth', { mode: 'tcp' })).toEqual([]);
  });
});
