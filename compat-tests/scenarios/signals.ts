import type { Scenario } from '../lib/types.js';
import { conf, S1 } from '../lib/conf.js';

/**
 * Every signal a daemon can be sent, in -tcp and -stcp: 1.2 ignores SIGHUP, SIGALRM and SIGPIPE,
 * runs Exit() on SIGTERM, SIGABRT and SIGURG (the shutdown lines, exit status = the signal
 * number), and leaves every other signal at its default action (DaemonSeed's signal() calls).
 * After the signal a connection shows whether the daemon still detects. SIGUSR1 is the one Node
 * would use to open its inspector (a debugger on 127.0.0.1:9229, as root): it must end the daemon
 * as it ends 1.2. Stopping signals (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU) are left out: the kernel
 * stops both alike, and the harness could not tell them apart.
 */
const SIGNALS: NodeJS.Signals[] = [
  'SIGINT',
  'SIGQUIT',
  'SIGILL',
  'SIGTRAP',
  'SIGABRT',
  'SIGBUS',
  'SIGFPE',
  'SIGUSR1',
  'SIGSEGV',
  'SIGUSR2',
  'SIGPIPE',
  'SIGALRM',
  'SIGSTKFLT',
  'SIGCHLD',
  'SIGCONT',
  'SIGURG',
  'SIGXCPU',
  'SIGXFSZ',
  'SIGVTALRM',
  'SIGPROF',
  'SIGWINCH',
  'SIGIO',
  'SIGPWR',
  'SIGSYS',
];

const forMode = (mode: 'tcp' | 'stcp'): Scenario[] =>
  SIGNALS.map((signal) => ({
    name: `signals/${mode}-${signal.slice(3).toLowerCase()}`,
    about: `${signal} to a -${mode} daemon: as 1.2 (ignored, Exit(), or the default action), then a connection`,
    argv: [`-${mode}`],
    config: conf(),
    actions: [
      { do: 'signal', signal },
      { do: 'tcp', from: S1, port: 11 },
    ],
  }));

export const scenarios: Scenario[] = [...forMode('tcp'), ...forMode('stcp')];
