import { spawn } from 'node:child_process';
import net from 'node:net';
import type { Writable } from 'node:stream';
import type { Settings } from '../config/settings.js';
import { isMode } from '../config/modes.js';
import { native } from '../system/native.js';
import { isRunning } from './proc-stat.js';
import { childEnv, childExecArgv } from '../system/no-debugger.js';

/** Marks the daemon process while it waits for its settings (removed at once by the daemon). */
export const STANDBY_ENV = 'PORTSENTRY_DAEMON_STANDBY';
/** the descriptor on which the daemon receives the settings */
const SETTINGS_FD = 3;

/** Set by bin/portsentry's bash line for the invoking process: the pipe's write end, and the daemon it started. */
export const LAUNCH_PIPE_ENV = 'PORTSENTRY_DAEMON_PIPE';
export const LAUNCH_PID_ENV = 'PORTSENTRY_DAEMON_PID';

/**
 * DaemonSeed(). Node cannot fork, so the daemon is this program started again as `portsentry -MODE`
 * (the command line Debian's init script looks for with ps), in a new session, with no stdio. It is
 * started before the invoking process reads the config (by bin/portsentry's bash line, alongside
 * this process, or else at once by `start`), so that the two start-ups overlap; it then waits for
 * InitConfig()'s result on a pipe, and exits without a word when the pipe closes empty (the
 * invoking process stopped on an error, as 1.2 would before fork).
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

  /** The daemon bin/portsentry's bash line started beside this process (null when it did not); the variables are removed. */
  static adopt(): PendingDaemon | null {
    const fd = Number(process.env[LAUNCH_PIPE_ENV]);
    const pid = Number(process.env[LAUNCH_PID_ENV]);
    delete process.env[LAUNCH_PIPE_ENV];
    delete process.env[LAUNCH_PID_ENV];
    if (!Number.isInteger(fd) || fd < 3 || !Number.isInteger(pid) || pid <= 1) return null;
    try {
      const pipe = new net.Socket({ fd, readable: false, writable: true });
      pipe.on('error', () => undefined);
      return new PendingDaemon(pid, pipe);
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

/**
 * main() before its config checks, as early as bin/portsentry can call it: when the arguments are
 * one valid flag and the user is root (the checks 1.2 makes before "starting"), the daemon process
 * is started at once so that its start-up overlaps the invoking process's own.
 */
export const startDaemonEarly = (args: readonly string[]): PendingDaemon | null => {
  const mode = args.length === 1 && args[0]!.startsWith('-') ? args[0]!.slice(1) : '';
  if (!isMode(mode)) {
    PendingDaemon.adopt()?.cancel();
    return null;
  }
  if (isStandbyDaemon()) {
    // the daemon itself, in a session of its own (bin/portsentry starts it in the caller's)
    native().newSession();
    // Nothing handed over: the invoking process stopped on an error, as 1.2
    // would before fork()
    void awaitSettings().then((settings) => settings === null && process.exit(0));
    // a stealth mode will need libpcap and libnftables: map them meanwhile
    if (mode !== 'tcp' && mode !== 'udp') native().warmUp();
    // and start loading the mode's detector now, alongside the rest of main()'s modules
    void import('./run-mode.js').then((m) => m.preloadMode(mode)).catch(() => undefined);
    return null;
  }
  const launched = PendingDaemon.adopt();
  if (process.geteuid!() !== 0 && process.getuid!() !== 0) {
    launched?.cancel();
    return null;
  }
  return launched ?? PendingDaemon.start(mode);
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
    let pipe: net.Socket;
    try {
      pipe = new net.Socket({ fd: SETTINGS_FD, readable: true, writable: false });
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
