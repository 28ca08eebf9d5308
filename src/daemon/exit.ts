import { log } from '../messages/legacy-messages.js';
import type { Syslog } from '../outputs/syslog.js';

/**
 * Exit(): the two shutdown lines, then exit with the status (exit(-1) is 255). A function
 * declaration returning never, so that TypeScript knows nothing runs after a call.
 */
export function exitLegacy(syslog: Syslog, status: number): never {
  for (const line of log.shuttingDown) syslog.log(line);
  syslog.flush(200);
  process.exit(status & 0xff);
}

/** 1.2 installs Exit() as the handler of these, so the signal number becomes the exit status. */
const EXIT_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGABRT', 'SIGURG'];
const IGNORED_SIGNALS: NodeJS.Signals[] = ['SIGHUP', 'SIGALRM', 'SIGPIPE'];
const SIGNAL_NUMBER: Record<string, number> = { SIGTERM: 15, SIGABRT: 6, SIGURG: 23 };

export const installSignalHandlers = (syslog: Syslog, exitStatusOnSignal?: number): void => {
  for (const sig of IGNORED_SIGNALS) process.on(sig, () => undefined);
  for (const sig of EXIT_SIGNALS) process.on(sig, () => exitLegacy(syslog, exitStatusOnSignal ?? SIGNAL_NUMBER[sig]!));
};
