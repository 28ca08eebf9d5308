import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callsOf, linkReal, makeSandbox, mergeSets, renderDefaults, runScript, stdinOf, stub, stubsRun, writeScript, type Sandbox } from '../../../test-support/template-harness.js';

const NOW = '2026-11-25 10:00:00 +0000';
const CORE = ['mkdir', 'mktemp', 'cat', 'rm', 'timeout'];

let box: Sandbox;
beforeEach(() => {
  box = makeSandbox();
  linkReal(box, CORE);
  stub(box, 'date', { output: NOW });
});
afterEach(() => box.cleanup());

const logs = () => join(box.root, 'log');

/** alert-report with every step on, its files under the sandbox and the sandbox's bin as PATH; `extra` overrides */
const script = (extra: string[] = []): string => {
  const sets = mergeSets([
    `path=${box.bin}`,
    `reportDir=${logs()}/hosts`,
    `eventLog=${logs()}/alerts.log`,
    `addressLog=${logs()}/attackers.log`,
    'nmap=true',
    'mailTo=admin,ops@example.org',
    'speak=true',
    `speakCommand=${box.bin}/speak`,
  ], extra);
  return writeScript(box, 'portsentry-alert-report', renderDefaults('alert-report', sets));
};

const stubAll = () => {
  stub(box, 'nslookup', { output: 'name = scanner.example.' });
  stub(box, 'whois', { output: 'netname: EXAMPLE-NET' });
  stub(box, 'nmap', { output: '79/tcp open finger' });
  stub(box, 'mail', { stdin: true, output: '' });
  stub(box, 'speak', { output: '' });
};

const section = (address: string, port: string, mode: string) =>
  `==== ${NOW} ====\nAddress: ${address}\nPort: ${port}\nMode: ${mode}\n\n` +
  `-- nslookup --\nname = scanner.example.\n\n-- whois --\nnetname: EXAMPLE-NET\n\n` +
  `-- nmap --\n79/tcp open finger\n\n`;

describe('alert-report', () => {
  it('writes the host report and both summary logs, mails the report and speaks for a valid IPv4 address', () => {
    stubAll();
    const r = runScript(script(), ['192.0.2.7', '79', 'tcp'], box);
    expect(r).toEqual({ status: 0, stdout: '', stderr: '' });
    const report = section('192.0.2.7', '79', 'tcp');
    expect(readFileSync(join(logs(), 'hosts', '192.0.2.7.txt'), 'utf8')).toBe(report);
    expect(readFileSync(join(logs(), 'alerts.log'), 'utf8')).toBe(`${NOW} 192.0.2.7 port 79 tcp\n`);
    expect(readFileSync(join(logs(), 'attackers.log'), 'utf8')).toBe('192.0.2.7\n');
    expect(callsOf(box, 'nslookup')).toEqual([['192.0.2.7']]);
    expect(callsOf(box, 'whois')).toEqual([['192.0.2.7']]);
    expect(callsOf(box, 'nmap')).toEqual([['-Pn', '--max-rtt-timeout', '2s', '--host-timeout', '40s', '192.0.2.7']]);
    expect(callsOf(box, 'mail')).toEqual([['-s', 'PortSentry: scan from 192.0.2.7', 'admin', 'ops@example.org']]);
    expect(stdinOf(box, 'mail')).toBe(report);
    expect(callsOf(box, 'speak')).toEqual([['192.0.2.7']]);
    expect(statSync(join(logs(), 'hosts', '192.0.2.7.txt')).mode & 0o777).toBe(0o600);
  });

  it('appends a second event to the same host report and adds -6 to nmap for an IPv6 address', () => {
    stubAll();
    const path = script();
    expect(runScript(path, ['2001:db8::5', '1524', 'stcp'], box).status).toBe(0);
    expect(runScript(path, ['2001:db8::5', '31337', 'stcp'], box).status).toBe(0);
    expect(readFileSync(join(logs(), 'hosts', '2001:db8::5.txt'), 'utf8')).toBe(
      section('2001:db8::5', '1524', 'stcp') + section('2001:db8::5', '31337', 'stcp'),
    );
    expect(callsOf(box, 'nmap')[0]).toEqual(['-6', '-Pn', '--max-rtt-timeout', '2s', '--host-timeout', '40s', '2001:db8::5']);
    expect(readFileSync(join(logs(), 'alerts.log'), 'utf8')).toBe(
      `${NOW} 2001:db8::5 port 1524 stcp\n${NOW} 2001:db8::5 port 31337 stcp\n`,
    );
  });

  it('accepts the address alone, as a KILL_RUN_CMD of "script $TARGET$" calls it', () => {
    stubAll();
    expect(runScript(script(), ['10.0.0.1'], box).status).toBe(0);
    expect(readFileSync(join(logs(), 'alerts.log'), 'utf8')).toBe(`${NOW} 10.0.0.1 port - -\n`);
    expect(readFileSync(join(logs(), 'hosts', '10.0.0.1.txt'), 'utf8')).toBe(
      `==== ${NOW} ====\nAddress: 10.0.0.1\n\n-- nslookup --\nname = scanner.example.\n\n-- whois --\nnetname: EXAMPLE-NET\n\n-- nmap --\n79/tcp open finger\n\n`,
    );
  });

  const hostile: [string, string[], string][] = [
    ['a command after a semicolon', ['1.2.3.4; touch PWNED'], 'the first argument is not an IPv4 or IPv6 address'],
    ['a command substitution', ['$(touch PWNED)'], 'the first argument is not an IPv4 or IPv6 address'],
    ['backquotes', ['`touch PWNED`'], 'the first argument is not an IPv4 or IPv6 address'],
    ['a newline', ['1.2.3.4\ntouch PWNED'], 'the first argument is not an IPv4 or IPv6 address'],
    ['a trailing newline', ['1.2.3.4\n'], 'the first argument is not an IPv4 or IPv6 address'],
    ['an option', ['-h'], 'the first argument is not an IPv4 or IPv6 address'],
    ['an empty address', [''], 'the first argument is not an IPv4 or IPv6 address'],
    ['an octet above 255', ['1.2.3.256'], 'the first argument is not an IPv4 or IPv6 address'],
    ['an IPv6 zone index', ['fe80::1%eth0'], 'the first argument is not an IPv4 or IPv6 address'],
    ['a hostile port', ['1.2.3.4', '79; touch PWNED'], 'the second argument is not a port number'],
    ['a port above 65535', ['1.2.3.4', '65536'], 'the second argument is not a port number'],
    ['a hostile mode', ['1.2.3.4', '79', 'tcp$(touch PWNED)'], 'the third argument is not a PortSentry mode'],
  ];
  for (const [what, args, message] of hostile) {
    it(`refuses ${what} and runs nothing`, () => {
      stubAll();
      const r = runScript(script(), args.map((a) => a.replace('PWNED', join(box.root, 'pwned'))), box);
      expect(r).toEqual({ status: 2, stdout: '', stderr: `portsentry-alert-report: ${message}; nothing done\n` });
      expect(stubsRun(box)).toEqual([]);
      expect(existsSync(logs())).toBe(false);
      expect(existsSync(join(box.root, 'pwned'))).toBe(false);
    });
  }

  it('refuses no argument and four arguments', () => {
    stubAll();
    const path = script();
    expect(runScript(path, [], box)).toEqual({
      status: 2,
      stdout: '',
      stderr: 'portsentry-alert-report: expected ADDRESS [PORT [MODE]], found 0 arguments; nothing done\n',
    });
    expect(runScript(path, ['1.2.3.4', '1', 'tcp', 'x'], box).status).toBe(2);
    expect(stubsRun(box)).toEqual([]);
  });

  it('notes each lookup that is not installed and sends no mail without the mail command', () => {
    const r = runScript(script(['speak=false']), ['192.0.2.7', '79', 'tcp'], box);
    expect(r).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(logs(), 'hosts', '192.0.2.7.txt'), 'utf8')).toBe(
      `==== ${NOW} ====\nAddress: 192.0.2.7\nPort: 79\nMode: tcp\n\n-- nslookup --\n(nslookup is not installed)\n\n` +
        `-- whois --\n(whois is not installed)\n\n-- nmap --\n(nmap is not installed)\n\n`,
    );
    expect(stubsRun(box)).toEqual(['date']);
  });

  it('stops a lookup at its time limit, says so in the report and leaves the lookup no longer running', () => {
    const pidFile = join(box.root, 'whois.pid');
    // the stub becomes the sleep (exec keeps its pid), so the pid it writes is the lookup's
    stub(box, 'whois', { script: `echo $$ >'${pidFile}'; exec sleep 10` });
    linkReal(box, ['sleep']);
    const r = runScript(script(['lookupTimeLimit=1', 'nmap=false', 'mail=false', 'speak=false']), ['192.0.2.7'], box);
    expect(r.status).toBe(0);
    expect(readFileSync(join(logs(), 'hosts', '192.0.2.7.txt'), 'utf8')).toBe(
      `==== ${NOW} ====\nAddress: 192.0.2.7\n\n-- nslookup --\n(nslookup is not installed)\n\n-- whois --\n(whois stopped after 1 seconds)\n\n`,
    );
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  });

  it('notes a lookup that fails with its exit status', () => {
    stub(box, 'nslookup', { script: "echo 'server can'\\''t find 7.2.0.192.in-addr.arpa: NXDOMAIN'; exit 1" });
    runScript(script(['nmap=false', 'mail=false', 'speak=false']), ['192.0.2.7'], box);
    expect(readFileSync(join(logs(), 'hosts', '192.0.2.7.txt'), 'utf8')).toContain(
      "-- nslookup --\nserver can't find 7.2.0.192.in-addr.arpa: NXDOMAIN\n(nslookup ended with status 1)\n",
    );
  });

  it('returns before its lookups end and writes the report from the background with background=true', async () => {
    stubAll();
    linkReal(box, ['sleep']);
    // whois answers only once the gate exists, which the test makes after the script has returned:
    // run in the foreground, the script would wait out the stub's 10 s and report the gate shut
    const gate = join(box.root, 'gate');
    stub(box, 'whois', {
      script: `i=0; while [ ! -e '${gate}' ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done\n` +
        `if [ -e '${gate}' ]; then echo 'netname: EXAMPLE-NET'; else echo 'the gate stayed shut'; fi`,
    });
    const r = runScript(script(['background=true']), ['192.0.2.7', '79', 'tcp'], box);
    expect(r).toEqual({ status: 0, stdout: '', stderr: '' });
    writeFileSync(gate, '');
    // the speak command is the last step
    const last = join(box.calls, 'speak.args');
    for (let i = 0; i < 100 && !existsSync(last); i++) await new Promise((res) => setTimeout(res, 50));
    expect(readFileSync(join(logs(), 'hosts', '192.0.2.7.txt'), 'utf8')).toBe(section('192.0.2.7', '79', 'tcp'));
    expect(callsOf(box, 'mail')).toEqual([['-s', 'PortSentry: scan from 192.0.2.7', 'admin', 'ops@example.org']]);
    expect(callsOf(box, 'speak')).toEqual([['192.0.2.7']]);
  });

  it('refuses a hostile argument before going to the background', () => {
    stubAll();
    const r = runScript(script(['background=true']), [`1.2.3.4; touch ${join(box.root, 'pwned')}`], box);
    expect(r).toEqual({ status: 2, stdout: '', stderr: 'portsentry-alert-report: the first argument is not an IPv4 or IPv6 address; nothing done\n' });
    expect(stubsRun(box)).toEqual([]);
  });

  it('keeps a mail subject with quotes and a dollar sign as one argument', () => {
    stubAll();
    runScript(script(["mailSubject=it's $(scan) \"from\""]), ['192.0.2.7'], box);
    expect(callsOf(box, 'mail')).toEqual([['-s', 'it\'s $(scan) "from" 192.0.2.7', 'admin', 'ops@example.org']]);
    expect(readdirSync(box.root).sort()).toEqual(['bin', 'calls', 'log', 'portsentry-alert-report']);
  });
});
