import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { native } from './native.js';

/**
 * No debugger in a root process. Node opens its inspector (a WebSocket on 127.0.0.1:9229 that runs
 * whatever code a client sends) when it receives SIGUSR1, or when NODE_OPTIONS or its arguments
 * carry --inspect*. For portsentry that is a root shell for every local user, so:
 *  - SIGUSR1 and SIGXFSZ get their default action, as in 1.2 (which installs no handler for them:
 *    SIGUSR1 ends it, SIGXFSZ ends it with a core); process._debugProcess(pid) sends SIGUSR1 too;
 *  - bin/portsentry's bash line starts Node with NODE_OPTIONS of its own (NODE_FLAGS) instead of the
 *    caller's, and keeps the caller's in SAVED_ENV, so that the commands the daemon runs still see
 *    the environment they were given (restoreNodeOptions);
 *  - Node processes we start ourselves get no inspector flags (childExecArgv, childEnv).
 * Node 22.14's --disable-sigusr1 would do the first at start-up; the Node we build against lacks it.
 */

/** set by bin/portsentry's bash line: NODE_OPTIONS as it was given ("-" + value), "+" when it was unset */
export const SAVED_ENV = 'PORTSENTRY_NODE_OPTIONS';

/**
 * The NODE_OPTIONS bin/portsentry's bash line starts Node with (the same string is in that line):
 * a young generation of 1 MiB instead of 16 (a flood's short-lived objects no longer fill 32-48 MiB
 * of semi-spaces) and one V8 worker thread. Command-line flags would change the command line that
 * ps shows and the init script and portsentry-pids match.
 */
export const NODE_FLAGS = '--max-semi-space-size=1 --v8-pool-size=1';

const INSPECTOR_FLAG = /^--(inspect|debug)(-brk|-port|-wait|-publish-uid)?(=|$)/;

/** What process.env.NODE_OPTIONS must be for the commands we run: as given to bin/portsentry. */
export const restoreNodeOptions = (env: NodeJS.ProcessEnv): void => {
  const saved = env[SAVED_ENV];
  if (saved === undefined) return;
  delete env[SAVED_ENV];
  if (saved.startsWith('-')) env.NODE_OPTIONS = saved.slice(1);
  else if (saved === '+') delete env.NODE_OPTIONS;
};

/**
 * inspector.url(), asked of the binding it reads: the node:inspector module loads worker_threads
 * and the streams, about 10 ms of every start, for this one question. A Node that refuses the
 * binding (process.binding is deprecated, DEP0111) is asked through the module.
 */
const inspectorUrl = (): string | undefined => {
  try {
    const legacy = process as unknown as { binding(name: 'inspector'): { url(): string | undefined } };
    return legacy.binding('inspector').url();
  } catch {
    return (createRequire(import.meta.url)('node:inspector') as typeof import('node:inspector')).url();
  }
};

/**
 * Called first by bin/portsentry. Resets SIGUSR1 and SIGXFSZ; if the inspector was opened before
 * that (a SIGUSR1 during Node's own start-up, or an inspector flag), it is closed and the process
 * ends as 1.2 ends on SIGUSR1.
 */
export const shutDebugger = (): void => {
  const addon = native();
  addon.defaultSignal(constants.signals.SIGUSR1);
  addon.defaultSignal(constants.signals.SIGXFSZ);
  restoreNodeOptions(process.env);
  if (inspectorUrl() === undefined) return;
  (createRequire(import.meta.url)('node:inspector') as typeof import('node:inspector')).close();
  process.stderr.write(
    "portsentry: Node's inspector was open (SIGUSR1 or an --inspect flag): refusing to run with a debugger\n",
  );
  process.kill(process.pid, 'SIGUSR1');
};

/** the Node arguments a Node child of ours gets: ours, without any inspector flag */
export const childExecArgv = (execArgv: readonly string[]): string[] => execArgv.filter((a) => !INSPECTOR_FLAG.test(a));

/** the environment of a Node child of ours: NODE_OPTIONS moves to SAVED_ENV and ours replace it, as bin/portsentry does it */
export const childEnv = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
  const out: NodeJS.ProcessEnv = { ...env };
  out[SAVED_ENV] = env.NODE_OPTIONS === undefined ? '+' : `-${env.NODE_OPTIONS}`;
  out.NODE_OPTIONS = NODE_FLAGS;
  return out;
};
