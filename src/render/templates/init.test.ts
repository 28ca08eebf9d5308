import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callsOf, makeSandbox, renderDefaults, stub, writeScript, type Sandbox } from '../../../test-support/template-harness.js';
import { needsPidNs, titled } from '../../../test-support/guards.js';

let box: Sandbox;
let daemon: string;
let defaults: string;
let init: string;

/**
 * Each test runs the init script in its own PID namespace (with its own /proc, in a private mount
 * namespace), whose PID 1 is a small perl loop that reaps orphans as init does: the detached stub
 * daemons are then really gone once killed, and ps sees only this test's processes.
 */
/** the namespaces need root (CAP_SYS_ADMIN) */
const SKIP = needsPidNs();

let unshare: ChildProcess;
let reaper: number;
const REAPER = 'while (1) { my $p = waitpid(-1, 0); sleep 1 if $p <= 0; }';

const startNamespace = async (): Promise<void> => {
  unshare = spawn('unshare', ['--pid', '--fork', '--mount-proc', 'perl', '-e', REAPER], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const child = spawnSync('ps', ['-o', 'pid=', '--ppid', String(unshare.pid)], { encoding: 'utf8' }).stdout.trim();
    if (child !== '') {
      reaper = Number(child);
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('test setup: the PID namespace did not start');
};

/** runs a command inside the test's PID and mount namespaces */
const inNamespace = (command: string[], env: NodeJS.ProcessEnv = process.env) =>
  spawnSync('nsenter', ['-t', String(reaper), '-p', '-m', '--', ...command], { encoding: 'utf8', cwd: box.root, timeout: 30_000, env });

/** the daemon's command lines, e.g. ["-tcp", "-udp"] */
const running = (): string[] =>
  inNamespace(['ps', '-ww', 'axo', 'args='])
    .stdout.split('\n')
    .filter((l) => l.includes(`${daemon} -`))
    .map((l) => l.slice(l.indexOf(`${daemon} `) + daemon.length + 1))
    .sort();

const modes = (tcp: string, udp: string) => writeFileSync(defaults, renderDefaults('default', [`tcpMode=${tcp}`, `udpMode=${udp}`]));

const run = (action: string, script = init, env?: NodeJS.ProcessEnv) => {
  const r = inNamespace([script, action], env);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** Debian's 1.2-14 init script, as compat-tests/fetch-reference.sh unpacks it */
const DEBIAN_INIT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../compat-tests/.ref/etc/init.d/portsentry');
const NO_DEBIAN_INIT = existsSync(DEBIAN_INIT) ? null : `needs ${DEBIAN_INIT} (run compat-tests/fetch-reference.sh)`;

/** Debian's script with the sandbox's daemon, default file and ignore-file builder */
const debianInit = (): string =>
  writeScript(
    box,
    'debian.init',
    readFileSync(DEBIAN_INIT, 'latin1')
      .replace(/^DAEMON=.*$/m, `DAEMON=${daemon}`)
      .replace(/^CONFIG=.*$/m, `CONFIG=${defaults}`)
      .replace(/^BUILDSCRIPT=.*$/m, `BUILDSCRIPT=${join(box.bin, 'build-ignore')}`),
  );

beforeEach(async () => {
  await startNamespace();
  box = makeSandbox();
  daemon = join(box.bin, 'portsentry');
  defaults = join(box.root, 'default');
  // like portsentry's legacy invocation: records its arguments, leaves a detached process whose
  // command line is "sh DAEMON -MODE" (its executable is the shell, as ours is node) and returns.
  // The detached one waits in open() on a FIFO nobody writes, without forking: a 'sleep' loop
  // forks a copy of itself every second, which ps can list as a second "sh DAEMON -MODE" until it
  // has become sleep (running() once found ['-tcp', '-udp', '-udp'] in a full run on a loaded machine)
  const log = join(box.calls, 'portsentry.args');
  const hold = join(box.root, 'hold');
  execFileSync('mkfifo', [hold]);
  writeFileSync(
    daemon,
    `#!/bin/sh
if [ -n "\${STUB_DAEMON_CHILD-}" ]; then
	read -r _ <'${hold}'
	exit 0
fi
printf '%s\\n' "$@" -- >>'${log}'
STUB_DAEMON_CHILD=1 "$0" "$@" </dev/null >/dev/null 2>&1 &
`,
  );
  chmodSync(daemon, 0o755);
  stub(box, 'build-ignore', { output: '' });
  modes('tcp', 'udp');
  init = writeScript(
    box,
    'portsentry.init',
    renderDefaults('init', [`daemon=${daemon}`, `defaultFile=${defaults}`, `buildScript=${join(box.bin, 'build-ignore')}`, 'stopTimeout=3']),
  );
});

afterEach(async () => {
  // killing the namespace's PID 1 kills every process in it
  process.kill(reaper, 'SIGKILL');
  if (unshare.exitCode === null && unshare.signalCode === null) await new Promise((r) => unshare.once('exit', r));
  box.cleanup();
});

describe.skipIf(SKIP !== null)(titled('init script', SKIP), () => {
  it('builds the ignore file and starts both modes with 1.2-14\'s messages', () => {
    expect(run('start')).toEqual({ status: 0, stdout: 'Starting anti portscan daemon: portsentry in tcp & udp mode.\n', stderr: '' });
    expect(callsOf(box, 'build-ignore')).toEqual([[]]);
    expect(callsOf(box, 'portsentry')).toEqual([['-tcp'], ['-udp']]);
    expect(running()).toEqual(['-tcp', '-udp']);
  });

  it('starts no second daemon for a mode already running, printing what 1.2-14 prints', () => {
    run('start');
    expect(run('start')).toEqual({ status: 0, stdout: 'Starting anti portscan daemon: ', stderr: '' });
    expect(callsOf(box, 'portsentry')).toEqual([['-tcp'], ['-udp']]);
  });

  it('stops daemons whose executable is not DAEMON (node runs ours) by their command line', () => {
    run('start');
    expect(run('stop')).toEqual({ status: 0, stdout: 'Stopping anti portscan daemon: portsentry.\n', stderr: '' });
    expect(running()).toEqual([]);
  });

  it('stops the daemons also when the caller exports a COLUMNS narrower than their command lines', () => {
    run('start');
    expect(run('stop', init, { ...process.env, COLUMNS: '20' })).toEqual({ status: 0, stdout: 'Stopping anti portscan daemon: portsentry.\n', stderr: '' });
    expect(running()).toEqual([]);
  });

  it('restarts: stops, then starts again', () => {
    run('start');
    expect(run('restart')).toEqual({
      status: 0,
      stdout: 'Stopping anti portscan daemon: portsentry.\nStarting anti portscan daemon: portsentry in tcp & udp mode.\n',
      stderr: '',
    });
    expect(callsOf(box, 'portsentry')).toEqual([['-tcp'], ['-udp'], ['-tcp'], ['-udp']]);
    expect(running()).toEqual(['-tcp', '-udp']);
  });

  it('starts the UDP mode alone when TCP_MODE is empty', () => {
    modes('', 'audp');
    expect(run('start')).toEqual({ status: 0, stdout: 'Starting anti portscan daemon: portsentry in audp mode.\n', stderr: '' });
    expect(running()).toEqual(['-audp']);
  });

  it('starts nothing and says so when no mode is set', () => {
    modes('', '');
    expect(run('start')).toEqual({ status: 0, stdout: `Not starting anti portscan daemon (no modes in ${defaults}).\n`, stderr: '' });
    expect(callsOf(box, 'build-ignore')).toEqual([]);
  });

  it('refuses a mode that is not one of the TCP modes', () => {
    writeFileSync(defaults, 'TCP_MODE=udp\nUDP_MODE=udp\n');
    expect(run('start')).toEqual({ status: 1, stdout: 'Starting anti portscan daemon: udp is not a valid mode.\n', stderr: '' });
    expect(callsOf(box, 'portsentry')).toEqual([]);
  });

  it.skipIf(NO_DEBIAN_INIT !== null)(titled("prints what Debian's 1.2-14 init script prints, step for step", NO_DEBIAN_INIT), async () => {
    const debian = debianInit();
    const steps = async (script: string) => {
      const out = [];
      modes('tcp', 'udp');
      out.push(run('start', script), run('start', script));
      modes('', '');
      out.push(run('start', script));
      writeFileSync(defaults, 'TCP_MODE=udp\nUDP_MODE=\n');
      out.push(run('start', script), run('reload', script));
      // a fresh namespace: no daemon running
      process.kill(reaper, 'SIGKILL');
      await new Promise((r) => unshare.once('exit', r));
      await startNamespace();
      modes('', 'audp');
      out.push(run('start', script));
      return out;
    };
    const theirs = await steps(debian);
    process.kill(reaper, 'SIGKILL');
    await new Promise((r) => unshare.once('exit', r));
    await startNamespace();
    expect(await steps(init)).toEqual(theirs);
  });

  it.skipIf(NO_DEBIAN_INIT !== null)(titled("stops the daemon where Debian's script does not: its stop looks for the executable, which is node for ours", NO_DEBIAN_INIT), () => {
    const debian = debianInit();
    run('start');
    expect(run('stop', debian).stdout).toBe('Stopping anti portscan daemon: portsentry.\n');
    expect(running()).toEqual(['-tcp', '-udp']);
    run('stop');
    expect(running()).toEqual([]);
  });

  it('prints the usage for an unknown action', () => {
    expect(run('reload')).toEqual({ status: 1, stdout: 'Usage: /etc/init.d/portsentry {start|stop|restart|force-reload}\n', stderr: '' });
  });

  it('does nothing when the daemon is not installed', () => {
    writeScript(box, 'portsentry.init', renderDefaults('init', [`daemon=${join(box.root, 'missing')}`, `defaultFile=${defaults}`]));
    expect(run('start')).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(existsSync(join(box.calls, 'portsentry.args'))).toBe(false);
  });
});
