import { native } from '../system/native.js';
import type { NowOrLater } from '../system/now-or-later.js';

/** How long a KILL_ROUTE or KILL_RUN_CMD command may run before it is killed (1.2 waits forever). */
const DEFAULT_COMMAND_TIMEOUT_SECONDS = 120;

let timeoutSeconds: number | undefined;

/**
 * PORTSENTRY_COMMAND_TIMEOUT, or 120: read once (the daemon's environment does not change, and a
 * lookup in process.env a command cost more than the rest of the response's JS after a command).
 */
export const commandTimeoutSeconds = (): number => {
  if (timeoutSeconds === undefined) {
    const fromEnv = Number(process.env.PORTSENTRY_COMMAND_TIMEOUT);
    timeoutSeconds = Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_COMMAND_TIMEOUT_SECONDS;
  }
  return timeoutSeconds;
};

export type ShellOutcome = 'finished' | 'spawn-failed' | 'timed-out';

/**
 * system(): /bin/sh -c COMMAND, waited for. Its exit status is not looked at (1.2 only tests for
 * a status that cannot occur). Unlike system(), the wait is bounded: after `seconds` the command's
 * whole process group is killed, so a hung command cannot stop detection.
 *
 * This is the one child process not run by execa (src/system/run-program.ts), because 1.2's
 * system() semantics need what execa does otherwise: the command gets a process group of its own
 * and the time limit (a timer in the addon, beside the watch) kills that whole group (execa's
 * timeout kills /bin/sh alone, and the command's own children would live on); a command still
 * running when the daemon exits is left to finish, as system()'s child is (execa's cleanup kills
 * it); and the exit status means nothing here, where execa turns a non-zero one into an error.
 * Nor is it Node's spawn, which forks the whole daemon (twice 1.2's cost a command): the native
 * addon starts it by vfork (spawnShell), with the environment of process.env, the signal
 * dispositions 1.2's system() passes on (SIGHUP, SIGPIPE, SIGALRM and glibc's signals 32 and 33
 * ignored), and the command's bytes as the configuration file has them (latin1), as 1.2 passes
 * them. Like system(), the addon waits for the command, but for 20 ms at most (most
 * commands are over by then; a signal for the daemon ends the wait); one still running is watched
 * from the event loop, so that detection goes on.
 *
 * The outcome is known at once when the command was over within that wait, or could not be
 * started: then it is returned as it is, and the hit's next steps run in the same turn, with no
 * promise between (a promise a command cost the daemon a microtask chain that ran on caches the
 * command had just used: BENCHMARKS.md, issue 13). A command still running gives a promise.
 */
export const runShell = (command: string, seconds: number): NowOrLater<ShellOutcome> => {
  let settle: (outcome: ShellOutcome) => void = () => undefined;
  // onExit runs from the event loop, never before spawnShell has returned (settle is set by then);
  // 0: over already (spawnShell waited for it, and onExit is not called)
  const pid = native().spawnShell(command, seconds * 1000, (_status, timedOut) =>
    settle(timedOut ? 'timed-out' : 'finished'),
  );
  if (pid === 0) return 'finished';
  if (pid < 0) return 'spawn-failed';
  return new Promise((resolve) => (settle = resolve));
};
