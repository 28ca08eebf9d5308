import type { ChildProcess } from 'node:child_process';
import { closeSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import type { Settings } from '../config/settings.js';
import { isMode } from '../config/modes.js';
import { native } from '../system/native.js';
import { isRunning } from './proc-stat.js';
import { childEnv, childExecArgv } from '../system/no-debugger.js';

/**
 * node:child_process and node:net, with the streams under them, take 10-15 ms to load: only
 * `node bin/portsentry -MODE` and the daemon it starts need them, so they are loaded there.
 */
const builtin = createRequire(import.meta.url);
const spawn = (...args: Parameters<typeof import('node:child_process').spawn>): ChildProcess =>
  (builtin('node:child_process') as typeof import('node:child_process')).spawn(...args);
const socketOn = (fd: number): Socket =>
  new (builtin('node:net') as typeof import('node:net')).Socket({ fd, readable: true, writable: false });

/** Marks the daemon process while it waits for its settings (removed at once by the daemon). */
const STANDBY_ENV = 'PORTSENTRY_DAEMON_STANDBY';
/** the descriptor on which the daemon receives the settings */
const SETTINGS_FD = 3;

/**
 * Set by bin/portsentry's bash line, which stays as the invoking process while the Node process it
 * starts does main()'s work: the bash process's pid. That Node process then becomes the daemon in
 * place (becomeDaemon) and tells the bash line so on READY_FD.
 */
const INVOKER_ENV = 'PORTSENTRY_INVOKER';
/** where the bash line waits for "ok" (the daemon is on its own then) */
const READY_FD = 3;

/**
 * DaemonSeed() for `node bin/portsentry -MODE` (bin/portsentry run as a program becomes the daemon
 * in place instead: becomeDaemon). Node cannot fork, so the daemon is this program started again
 * as `portsentry -MODE` (the command line Debian's init script looks for with ps), in a new
 * session, with no stdio. It is started before the invoking process reads the config, so that the
 * two start-ups overlap; it then waits for InitConfig()'s result on a pipe, and exits without a
 * word when the pipe closes empty (the invoking process stopped on an error, as 1.2 would before
 * fork).
 */
export class PendingDaemon {
  private constructor(
    private readonly pid: number,
    private readonly pipe: Writable,
  ) {}

  static start(mode: Settings['mode']): PendingDaemon | null {
    try {
      const child = spawn(process.execPath, [...childExecArgv(process.execArgv), process.argv[1]!, `-${mode}`], {
        cwd: '/',
        detached: true,
        stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
        env: childEnv({ ...process.env, [STANDBY_ENV]: '1' }),
      });
      const pipe = child.stdio[SETTINGS_FD] as Writable | null;
      if (child.pid === undefined || pipe === null) return null;
      pipe.on('error', () => undefined);
      child.on('error', () => undefined);
      child.unref();
      return new PendingDaemon(child.pid, pipe);
    } catch {
      return null;
    }
  }

  /**
   * The invoking process stopped on an error: the daemon, which has done nothing yet, is killed
   * at once (it would exit by itself on the empty hand-over, once Node has started).
   */
  cancel(): void {
    try {
      process.kill(this.pid, 'SIGKILL');
    } catch {
      /* gone already */
    }
  }

  /** hands the settings over; resolves once they are written (false when the daemon is gone) */
  hand(settings: Settings): Promise<boolean> {
    return new Promise((resolve) => {
      if (!isRunning(this.pid)) {
        resolve(false);
        return;
      }
      this.pipe.end(JSON.stringify(settings), () => resolve(true));
      this.pipe.once('error', () => resolve(false));
    });
  }
}

let invoker: number | null | undefined;

/**
 * The pid of the bash process that waits for this one to become the daemon (bin/portsentry's bash
 * line), or null. Read once; the variable is removed, so that the commands the daemon runs do not
 * see it.
 */
export const invokingProcess = (): number | null => {
  if (invoker === undefined) {
    const pid = Number(process.env[INVOKER_ENV]);
    delete process.env[INVOKER_ENV];
    invoker = Number.isInteger(pid) && pid > 1 ? pid : null;
  }
  return invoker;
};

/**
 * The second half of 1.2's DaemonSeed(), in place, once the config is read: a session of its own,
 * stdio on /dev/null, then "ok" to the waiting bash line, which exits 0 as 1.2's parent does after
 * fork(); then chdir("/") and umask(077). False when the bash line is gone (killed before 1.2 would
 * have forked): no daemon may outlive it then.
 */
export const becomeDaemon = (): boolean => {
  const addon = native();
  // EPERM when already a session leader (started as one): it keeps its session then
  addon.newSession();
  addon.detachStdio();
  try {
    writeSync(READY_FD, 'ok\n');
    closeSync(READY_FD);
  } catch {
    return false;
  }
  process.chdir('/');
  process.umask(0o077);
  return true;
};

/** a stealth mode will need libpcap and libnftables: they are mapped on a thread meanwhile, and the detector loaded */
const prepareMode = (mode: Settings['mode']): void => {
  if (mode !== 'tcp' && mode !== 'udp') native().warmUp();
  void import('./run-mode.js').then((m) => m.preloadMode(mode)).catch(() => undefined);
};

/**
 * main() before its config checks, as early as bin/portsentry can call it, when the arguments are
 * one valid flag:
 *  - in the process bin/portsentry's bash line starts, which becomes the daemon itself, the mode's
 *    detector starts loading while main() reads the config;
 *  - in a daemon started by PendingDaemon, the same, and it waits for its settings;
 *  - in `node bin/portsentry -MODE` as root (the checks 1.2 makes before "starting"), the daemon
 *    process is started at once so that its start-up overlaps the invoking process's own.
 */
export const startDaemonEarly = (args: readonly string[]): PendingDaemon | null => {
  const mode = args.length === 1 && args[0]!.startsWith('-') ? args[0]!.slice(1) : '';
  if (!isMode(mode)) return null;
  if (invokingProcess() !== null) {
    prepareMode(mode);
    return null;
  }
  if (isStandbyDaemon()) {
    // the daemon PendingDaemon started (detached: in a session of its own already). Nothing
    // handed over: the invoking process stopped on an error, as 1.2 would before fork()
    void awaitSettings().then((settings) => settings === null && process.exit(0));
    prepareMode(mode);
    return null;
  }
  if (process.geteuid!() !== 0 && process.getuid!() !== 0) return null;
  return PendingDaemon.start(mode);
};

/** read once at start: awaitSettings removes the variable (the commands the daemon runs must not see it) */
const startedAsDaemon = process.env[STANDBY_ENV] !== undefined;

/** True in the daemon process (started by PendingDaemon to wait for its settings). */
export const isStandbyDaemon = (): boolean => startedAsDaemon;

let handedOver: Promise<Settings | null> | undefined;

/**
 * In the daemon: the settings the invoking process read, once it hands them over (null when it
 * handed nothing: it stopped on an error, and the daemon exits without a word). Reading starts at
 * the first call, so that the daemon learns of an empty hand-over while it is still loading.
 */
export const awaitSettings = (): Promise<Settings | null> => {
  handedOver ??= new Promise((resolve) => {
    delete process.env[STANDBY_ENV];
    const chunks: Buffer[] = [];
    let pipe: Socket;
    try {
      pipe = socketOn(SETTINGS_FD);
    } catch {
      resolve(null);
      return;
    }
    pipe.on('data', (chunk: Buffer) => chunks.push(chunk));
    pipe.on('error', () => resolve(null));
    pipe.on('end', () => {
      pipe.destroy();
      const raw = Buffer.concat(chunks).toString('utf8');
      if (raw.length === 0) return resolve(null);
      process.chdir('/');
      process.umask(0o077);
      resolve(JSON.parse(raw) as Settings);
    });
  });
  return handedOver;
};
