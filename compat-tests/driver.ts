/**
 * The in-namespace half of the harness. run.ts starts this as
 *   ip netns exec psc-<pid>-<n> unshare -m --propagation private node driver.js SPEC.json
 * so it runs as root in a fresh network namespace (lo up) and a private mount namespace. It lays
 * the scenario's files at their system paths (overlays on /etc, /var/lib and /dev so that nothing on
 * the host changes), captures /dev/log, runs one implementation, performs the scenario's actions,
 * collects what the implementation left, and writes a RawOutcome to spec.resultFile.
 *
 * It kills nothing it did not start: run.ts kills what is left in the namespace by pid afterwards.
 */
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import dgram from 'node:dgram';
import type { NativeAddon } from '../src/system/native.js';
import { isRunning, procStatFields } from '../src/daemon/proc-stat.js';
import {
  emptyRawOutcome,
  type Action,
  type CollectedFile,
  type DriverSpec,
  type FileSpec,
  type RawOutcome,
  type ScannerRecord,
  type StartRecord,
} from './lib/types.js';
import { holdPort, sendCrafted } from './lib/crafted-packets.js';
import { DEFAULT_FILES, isScannerSource, SYSTEM_DIRS, SYSTEM_FILES, COLLECT_ROOTS } from './lib/layout.js';

const ENV = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', TZ: 'UTC', LANG: 'C' };
/**
 * ENV, and our daemons' runtime state (portsentry status) in a folder of this run instead of the
 * host's /run/portsentry: a fixed path inside the overlaid /var/lib (so the two sides, run at the
 * same time, each write their own, and both see the same variable: KILL_RUN_CMD prints the
 * environment in the responses/command-environment scenarios); 1.2 ignores the variable, and the
 * folder is not collected. Called after layOut().
 */
const RUN_DIR = '/var/lib/portsentry-compat-run';
const runEnv = (): NodeJS.ProcessEnv => {
  mkdirSync(RUN_DIR, { recursive: true });
  return { ...ENV, PORTSENTRY_RUN_DIR: RUN_DIR };
};
/** bounded waits (ms) */
const START_EXIT_LIMIT = 10_000;
const DAEMON_READY_LIMIT = 10_000;
const QUIET_LIMIT = 5_000;
const TCP_LIMIT = 3_000;
const UDP_MIN_WAIT = 150;
const NO_DEVLOG_SETTLE = 1_500;
const MAX_COLLECT_BYTES = 1 << 20;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const run = (cmd: string, args: string[]) =>
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });

const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as DriverSpec;
const { scenario } = spec;
const outcome: RawOutcome = emptyRawOutcome([], { from: Math.floor(Date.now() / 1000), to: 0 });
let stepStart = Date.now();
const stepDone = (step: string): void => {
  const now = Date.now();
  outcome.info.steps.push({ step, ms: now - stepStart });
  stepStart = now;
};

// ---- syslog capture ------------------------------------------------------------------------
const addon = createRequire(import.meta.url)(spec.addon) as NativeAddon;
let logFd = -1;
let lastActivity = Date.now();
/** [pid, text] of each datagram, for finding the daemon */
const headerPid = (d: string): number | null => {
  const m = /^<\d+>.{15} portsentry\[(\d+)\]: /s.exec(d);
  return m ? Number(m[1]) : null;
};
const pump = (): void => {
  if (logFd < 0) return;
  for (let i = 0; i < 1000; i++) {
    const b = addon.recvDatagram(logFd, 0);
    if (b === null) return;
    outcome.syslog.push(b.toString('latin1'));
    lastActivity = Date.now();
  }
};
const pumpTimer = setInterval(pump, 5);

/** Wait until nothing has been logged for quietMs (bounded). */
const quiet = async (step: string, ms?: number): Promise<void> => {
  const quietMs = ms ?? scenario.quietMs ?? 300;
  const start = Date.now();
  lastActivity = Math.max(lastActivity, start);
  for (;;) {
    await sleep(10);
    pump();
    if (Date.now() - lastActivity >= quietMs) {
      // a daemon still running a KILL_ROUTE/KILL_RUN_CMD command is not quiet, however long it takes
      if (!daemonsBusy()) return;
      lastActivity = Date.now();
    }
    if (Date.now() - start > QUIET_LIMIT) {
      outcome.harness.push(`${step}: still logging after ${QUIET_LIMIT} ms`);
      return;
    }
  }
};

// ---- file system layout -------------------------------------------------------------------
const writeSpec = (path: string, fileSpec: FileSpec): void => {
  const s = typeof fileSpec === 'string' ? { content: fileSpec } : fileSpec;
  // never write through a symlink (e.g. /etc/resolv.conf -> /run/...): replace the entry itself
  rmSync(path, { force: true, recursive: true });
  if (s.absent) return;
  if (s.fifo) {
    run('mkfifo', ['-m', (s.mode ?? 0o644).toString(8), path]);
    return;
  }
  if (s.dir) {
    mkdirSync(path, { recursive: true });
    chmodSync(path, s.mode ?? 0o755);
    return;
  }
  writeFileSync(path, Buffer.from(s.content ?? '', 'latin1'));
  chmodSync(path, s.mode ?? 0o644);
};

const layOut = (): void => {
  const ov = join(spec.tmp, 'overlay');
  // one shell for every mount (each exec costs tens of ms); all paths are fixed or in spec.tmp
  const q = (x: string) => `'${x.replaceAll("'", "'\\''")}'`;
  const script: string[] = ['set -e', 'ip link set lo up'];
  for (const dir of ['/etc', '/var/lib', '/dev']) {
    const upper = join(ov, 'upper', dir);
    const work = join(ov, 'work', dir);
    mkdirSync(upper, { recursive: true });
    mkdirSync(work, { recursive: true });
    script.push(`mount -t overlay overlay -o ${q(`lowerdir=${dir},upperdir=${upper},workdir=${work}`)} ${dir}`);
  }
  // the two directories: fresh directories of ours bound over the system paths
  for (const dir of SYSTEM_DIRS) {
    const src = join(spec.tmp, 'fs', dir.replaceAll('/', '_'));
    mkdirSync(src, { recursive: true });
    chmodSync(src, 0o755);
    script.push(`rm -rf ${dir}`, `mkdir -p ${dir}`, `mount --bind ${q(src)} ${dir}`);
  }
  run('/bin/sh', ['-c', script.join('\n')]);
  const files: Record<string, FileSpec> = { ...DEFAULT_FILES, ...(scenario.files ?? {}) };
  if (scenario.config !== null) files['/etc/portsentry/portsentry.conf'] ??= scenario.config;
  for (const [path, fileSpec] of Object.entries(files)) {
    const allowed = SYSTEM_FILES.includes(path) || SYSTEM_DIRS.some((d) => path.startsWith(`${d}/`));
    if (!allowed) throw new Error(`scenario ${scenario.name}: file ${path} is outside the paths the harness lays out`);
    if (SYSTEM_DIRS.some((d) => path.startsWith(`${d}/`))) mkdirSync(join(path, '..'), { recursive: true });
    writeSpec(path, fileSpec);
  }
  for (const dir of scenario.readOnly ?? []) {
    if (!SYSTEM_DIRS.includes(dir))
      throw new Error(`scenario ${scenario.name}: readOnly ${dir} is not one of ${SYSTEM_DIRS.join(', ')}`);
    run('mount', ['-o', 'remount,bind,ro', dir]);
  }
  rmSync('/dev/log', { force: true, recursive: true });
  if (!scenario.noDevLog) {
    logFd = addon.bindDatagram('/dev/log');
    if (logFd < 0) throw new Error(`bindDatagram(/dev/log) failed: ${logFd}`);
    chmodSync('/dev/log', 0o666);
  }
};

// ---- processes ----------------------------------------------------------------------------
const ownNetns = readlinkSync('/proc/self/ns/net');
/** live (non-zombie) processes in this network namespace, other than this driver */
const netnsPids = (): number[] => {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readlinkSync(`/proc/${entry}/ns/net`) !== ownNetns) continue;
      if (isRunning(Number(entry))) pids.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return pids;
};
const isAlive = (pid: number): boolean => netnsPids().includes(pid);

/** Whether a known daemon has a child process (a command it runs). */
const daemonsBusy = (): boolean => {
  const known = new Set(daemons.flatMap((d) => (d.daemon === null ? [] : [d.daemon])));
  if (known.size === 0) return false;
  return netnsPids().some((pid) => known.has(Number(procStatFields(pid)?.[1])));
};

/** per start: the invoking pid and the daemon's pid once known */
const daemons: { invoking: number; daemon: number | null; before: number[] }[] = [];

const findDaemon = (k: number): number | null => {
  const d = daemons[k];
  if (d === undefined) return null;
  if (d.daemon !== null) return d.daemon;
  for (const line of outcome.syslog) {
    const pid = headerPid(line);
    if (
      pid !== null &&
      pid !== d.invoking &&
      !daemons.some((o) => o.invoking === pid) &&
      !daemons.some((o, i) => i !== k && o.daemon === pid)
    ) {
      if (/is now active and listening|is shutting down/.test(line)) {
        d.daemon = pid;
        return pid;
      }
    }
  }
  if (logFd < 0) {
    // no /dev/log: the daemon is the process that appeared in the namespace after this start
    const fresh = netnsPids().filter((p) => !d.before.includes(p) && !daemons.some((o) => o.daemon === p));
    if (fresh.length > 0) d.daemon = Math.min(...fresh);
  }
  return d.daemon;
};

const start = async (argv: string[], user: 'nobody' | undefined): Promise<void> => {
  const prefix = user === 'nobody' ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'] : [];
  const cmd = [...prefix, ...spec.command, ...argv];
  const before = netnsPids();
  const child = spawn(cmd[0]!, cmd.slice(1), { cwd: '/', env: runEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const record: StartRecord = { argv, stdout: '', stderr: '', exitCode: null, signal: null, pid: child.pid ?? -1 };
  outcome.starts.push(record);
  const k = daemons.push({ invoking: record.pid, daemon: null, before }) - 1;
  child.stdout.on('data', (b: Buffer) => (record.stdout += b.toString('latin1')));
  child.stderr.on('data', (b: Buffer) => (record.stderr += b.toString('latin1')));
  let timer: NodeJS.Timeout | undefined;
  const closed = await Promise.race([
    new Promise<boolean>((resolve) =>
      child.on('close', (code, signal) => {
        record.exitCode = code;
        record.signal = signal;
        resolve(true);
      }),
    ),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), START_EXIT_LIMIT))),
  ]);
  clearTimeout(timer);
  if (!closed) {
    outcome.harness.push(`start ${k}: the invoking process did not finish within ${START_EXIT_LIMIT} ms`);
    child.kill('SIGKILL');
  }
  stepDone(`start ${k}: invoking process finished`);
  if (record.exitCode === 0) {
    if (logFd < 0) await sleep(NO_DEVLOG_SETTLE);
    else {
      const until = Date.now() + DAEMON_READY_LIMIT;
      while (findDaemon(k) === null && Date.now() < until) {
        await sleep(10);
        pump();
      }
      if (findDaemon(k) === null) outcome.harness.push(`start ${k}: no daemon line within ${DAEMON_READY_LIMIT} ms`);
    }
  }
  stepDone(`start ${k}: daemon ready`);
  // after the daemon's ready or shutdown line (or the invoking process's exit) little can follow
  await quiet(`start ${k}`, Math.min(150, scenario.quietMs ?? 150));
};

// ---- scanners -----------------------------------------------------------------------------
const checkSource = (from: string): void => {
  if (!isScannerSource(from))
    throw new Error(`scenario ${scenario.name}: source ${from} is not a 127.x.y.z scanner address`);
};

const tcpOnce = (index: number, from: string, port: number, send: string | undefined): Promise<ScannerRecord> =>
  new Promise((resolve) => {
    const rec: ScannerRecord = { action: index, proto: 'tcp', from, port, received: '', end: 'closed' };
    let settled = false;
    const socket = net.connect({ host: '127.0.0.1', port, localAddress: from });
    const timer = setTimeout(() => {
      if (!settled) rec.end = 'timeout';
      socket.destroy();
    }, TCP_LIMIT);
    socket.on('connect', () => {
      if (send !== undefined) socket.write(Buffer.from(send, 'latin1'));
    });
    socket.on('data', (b: Buffer) => (rec.received += b.toString('latin1')));
    socket.on('end', () => {
      settled = true;
      rec.end = 'closed';
      socket.end();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      rec.end = e.code === 'ECONNREFUSED' ? 'refused' : e.code === 'ECONNRESET' ? 'reset' : 'error';
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(rec);
    });
  });

/** connect, then reset (SO_LINGER 0) as soon as the handshake is done */
const tcpReset = (index: number, from: string, port: number): Promise<ScannerRecord> =>
  new Promise((resolve) => {
    const rec: ScannerRecord = { action: index, proto: 'tcp', from, port, received: '', end: 'timeout' };
    const socket = net.connect({ host: '127.0.0.1', port, localAddress: from });
    const timer = setTimeout(() => socket.destroy(), TCP_LIMIT);
    socket.on('connect', () => {
      rec.end = 'reset';
      socket.resetAndDestroy();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (rec.end === 'timeout') rec.end = e.code === 'ECONNREFUSED' ? 'refused' : 'error';
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(rec);
    });
  });

/** every daemon started so far, stopped (SIGSTOP) or continued (SIGCONT), by pid */
const pauseDaemons = (signal: 'SIGSTOP' | 'SIGCONT'): void => {
  for (const [k] of daemons.entries()) {
    const pid = findDaemon(k);
    if (pid === null || !isAlive(pid)) continue;
    try {
      process.kill(pid, signal);
    } catch (e) {
      outcome.harness.push(`kill(${pid}, ${signal}) failed: ${(e as Error).message}`);
    }
  }
};

const udpAll = async (index: number, sources: string[], port: number, payload: string): Promise<void> => {
  const sockets: { rec: ScannerRecord; socket: dgram.Socket }[] = [];
  for (const from of sources) {
    const rec: ScannerRecord = { action: index, proto: 'udp', from, port, received: '', end: 'sent' };
    const socket = dgram.createSocket('udp4');
    socket.on('message', (b) => (rec.received += b.toString('latin1')));
    socket.on('error', () => undefined);
    await new Promise<void>((r) => socket.bind({ address: from, port: 0 }, () => r()));
    await new Promise<void>((r) => socket.send(Buffer.from(payload, 'latin1'), port, '127.0.0.1', () => r()));
    sockets.push({ rec, socket });
    // one after the other, as the TCP connects are: each datagram is read before the next one is sent
    await sleep(sources.length > 1 ? 20 : 0);
  }
  const startWait = Date.now();
  await quiet(`action ${index}`);
  const left = UDP_MIN_WAIT - (Date.now() - startWait);
  if (left > 0) await sleep(left);
  for (const { rec, socket } of sockets) {
    socket.close();
    outcome.scanners.push(rec);
  }
};

const perform = async (index: number, action: Action): Promise<void> => {
  switch (action.do) {
    case 'start':
      await start(action.argv, action.user);
      return;
    case 'tcp': {
      const sources = Array.isArray(action.from) ? action.from : [action.from];
      sources.forEach(checkSource);
      if (action.resetBeforeAccept === true) {
        pauseDaemons('SIGSTOP');
        try {
          for (const from of sources) outcome.scanners.push(await tcpReset(index, from, action.port));
        } finally {
          pauseDaemons('SIGCONT');
        }
      } else for (const from of sources) outcome.scanners.push(await tcpOnce(index, from, action.port, action.send));
      await quiet(`action ${index}`);
      return;
    }
    case 'udp': {
      const sources = Array.isArray(action.from) ? action.from : [action.from];
      sources.forEach(checkSource);
      await udpAll(index, sources, action.port, action.payload ?? 'x');
      return;
    }
    case 'write':
      if (!SYSTEM_FILES.includes(action.path) && !SYSTEM_DIRS.some((d) => action.path.startsWith(`${d}/`)))
        throw new Error(`scenario ${scenario.name}: write to ${action.path} is outside the laid-out paths`);
      writeFileSync(action.path, Buffer.from(action.content, 'latin1'));
      if (action.mode !== undefined) chmodSync(action.path, action.mode);
      await quiet(`action ${index}`);
      return;
    case 'remove':
      rmSync(action.path, { force: true });
      await quiet(`action ${index}`);
      return;
    case 'signal': {
      const pid = findDaemon(action.start ?? 0);
      if (pid === null) outcome.harness.push(`action ${index}: no daemon to signal`);
      else {
        try {
          process.kill(pid, action.signal);
        } catch (e) {
          outcome.harness.push(`action ${index}: kill(${action.signal}) failed: ${(e as Error).message}`);
        }
        const until = Date.now() + 3_000;
        while (isAlive(pid) && Date.now() < until) await sleep(10);
      }
      await quiet(`action ${index}`);
      return;
    }
    case 'packets':
      action.packets.forEach((p) => checkSource(p.from));
      sendCrafted(action.packets);
      await quiet(`action ${index}`);
      return;
    case 'occupy':
      occupied.push(await holdPort(action.proto, action.port));
      await quiet(`action ${index}`);
      return;
    case 'wait':
      await sleep(action.ms);
      pump();
      return;
  }
};

// ---- collection ---------------------------------------------------------------------------
const collect = (path: string, depth = 0): void => {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    outcome.files[path] = null;
    return;
  }
  const mode = `0${(st.mode & 0o7777).toString(8).padStart(3, '0')}`;
  if (st.isDirectory()) {
    outcome.files[path] = { type: 'dir', mode, content: '' };
    if (depth < 4) for (const name of readdirSync(path).sort()) collect(join(path, name), depth + 1);
  } else if (st.isFile()) {
    const data = readFileSync(path);
    const content = data.subarray(0, MAX_COLLECT_BYTES).toString('latin1');
    outcome.files[path] = { type: 'file', mode, content } satisfies CollectedFile;
  } else {
    outcome.files[path] = { type: 'other', mode, content: '' };
  }
};

// ---- main ---------------------------------------------------------------------------------
const occupied: (net.Server | dgram.Socket)[] = [];
const main = async (): Promise<void> => {
  // never lay out over the host's /etc: only inside the namespaces run.ts made
  if (readlinkSync('/proc/self/ns/mnt') === spec.hostNamespaces.mnt || ownNetns === spec.hostNamespaces.net) {
    throw new Error('driver.js must run in its own network and mount namespaces (start it through run.js)');
  }
  process.umask(0o022);
  layOut();
  for (const { proto, port } of scenario.occupy ?? []) {
    if (proto === 'tcp') {
      const server = net.createServer();
      await new Promise<void>((r, j) => {
        server.once('error', j);
        server.listen({ port, host: '0.0.0.0', exclusive: true }, () => r());
      });
      occupied.push(server);
    } else {
      const socket = dgram.createSocket({ type: 'udp4', reuseAddr: false });
      await new Promise<void>((r) => socket.bind({ port, address: '0.0.0.0', exclusive: true }, () => r()));
      occupied.push(socket);
    }
  }
  stepDone('lay out');
  await start(scenario.argv, scenario.user);
  stepDone('start');
  for (const [i, action] of (scenario.actions ?? []).entries()) {
    await perform(i, action);
    stepDone(`${i} ${action.do}`);
  }
  for (const root of COLLECT_ROOTS) collect(root);
  const pids = new Set<number>();
  for (const line of outcome.syslog) {
    const pid = headerPid(line);
    if (pid !== null) pids.add(pid);
  }
  const live = netnsPids();
  for (const pid of pids) outcome.alive[String(pid)] = live.includes(pid);
  for (const pid of pids) {
    const session = live.includes(pid) ? procStatFields(pid)?.[3] : undefined;
    if (session !== undefined) outcome.leaders[String(pid)] = Number(session) === pid;
  }
  outcome.running = live.length;
  for (const pid of live) {
    try {
      outcome.info.programs.push(readlinkSync(`/proc/${pid}/exe`));
    } catch {
      /* gone */
    }
  }
  stepDone('collect');
};

const timeout = setTimeout(() => {
  outcome.harness.push('driver: the scenario did not finish within 90 s');
  finish(2);
}, 90_000);

const finish = (code: number): void => {
  clearInterval(pumpTimer);
  clearTimeout(timeout);
  outcome.window.to = Math.ceil(Date.now() / 1000);
  writeFileSync(spec.resultFile, JSON.stringify(outcome));
  for (const o of occupied) o.close();
  process.exit(code);
};

main().then(
  () => finish(0),
  (e: unknown) => {
    outcome.harness.push(`driver: ${e instanceof Error ? e.message : String(e)}`);
    finish(1);
  },
);
