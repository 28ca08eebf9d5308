import { constants } from 'node:os';
import { native } from './native.js';

/**
 * Signals whose default action ends the process and that arrive from outside (kill(2)), as 1.2
 * leaves them: SIGINT, SIGQUIT, SIGUSR1 and the rest end a stealth daemon as they end 1.2. Ours has
 * something to undo on the way out (its nft table), so it catches them, undoes it, and then ends by
 * the same signal with its default action, as if it had not caught it. The signals the processor
 * raises for a fault (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS) are left alone: a JavaScript
 * handler would run long after the faulting instruction. SIGHUP, SIGALRM and SIGPIPE are ignored
 * and SIGTERM, SIGABRT and SIGURG run Exit() (src/daemon/exit.ts), as in 1.2.
 */
const FATAL_SIGNALS: readonly NodeJS.Signals[] = [
  'SIGINT',
  'SIGQUIT',
  'SIGUSR1',
  'SIGUSR2',
  'SIGSTKFLT',
  'SIGXCPU',
  'SIGXFSZ',
  'SIGVTALRM',
  'SIGPROF',
  'SIGIO',
  'SIGPWR',
];

/** what the handlers run, in the order given (the stealth modes' IPv4 table, then ENABLE_IPV6's ip6 one) */
const cleanups: (() => void)[] = [];

/**
 * Runs `cleanup` once when one of FATAL_SIGNALS arrives, then ends the process by that signal.
 * Called again, it adds another clean-up to the same handlers: every one runs, in order, even if
 * an earlier one throws.
 */
export const cleanUpOnFatalSignals = (cleanup: () => void): void => {
  cleanups.push(cleanup);
  if (cleanups.length > 1) return;
  let done = false;
  for (const signal of FATAL_SIGNALS) {
    process.on(signal, () => {
      if (!done) {
        done = true;
        for (const c of cleanups) {
          try {
            c();
          } catch {
            /* ending anyway */
          }
        }
      }
      native().defaultSignal(constants.signals[signal]);
      process.kill(process.pid, signal);
    });
  }
};
