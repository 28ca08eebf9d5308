import { log } from '../legacy/messages.js';
import type { Settings } from '../config/settings.js';
import { Engine } from '../engine/detection.js';
import { startClassicTcp } from '../capture/classic-tcp.js';
import { startClassicUdp } from '../capture/classic-udp.js';
import type { Syslog } from '../outputs/syslog.js';

export type ModeStarter = (settings: Settings, engine: Engine, emit: (t: string) => void) => boolean | Promise<boolean>;

const loadStarter = async (mode: Settings['mode']): Promise<ModeStarter> => {
  switch (mode) {
    case 'tcp':
      return startClassicTcp;
    case 'udp':
      return startClassicUdp;
    default: {
      const stealth = await import('../capture/stealth.js');
      return stealth.starterFor(mode);
    }
  }
};

/** Exit(): the two shutdown lines, then exit with the status (exit(-1) is 255). */
export const exitLegacy = (syslog: Syslog, status: number): never => {
  for (const line of log.shuttingDown) syslog.log(line);
  syslog.flush(200);
  process.exit(status & 0xff);
};

/** 1.2 installs Exit() as the handler of these, so the signal number becomes the exit status. */
const EXIT_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGABRT', 'SIGURG'];
const IGNORED_SIGNALS: NodeJS.Signals[] = ['SIGHUP', 'SIGALRM', 'SIGPIPE'];
const SIGNAL_NUMBER: Record<string, number> = { SIGTERM: 15, SIGABRT: 6, SIGURG: 23 };

export const installSignalHandlers = (syslog: Syslog, exitStatusOnSignal?: number): void => {
  for (const sig of IGNORED_SIGNALS) process.on(sig, () => undefined);
  for (const sig of EXIT_SIGNALS) process.on(sig, () => exitLegacy(syslog, exitStatusOnSignal ?? SIGNAL_NUMBER[sig]!));
};

/**
 * The daemon's side of main(): start the mode's detector, or log the failure and Exit(ERROR).
 * `exitStatusOnSignal` replaces 1.2's exit status (the signal number) for `run --foreground`, so that
 * systemd sees a clean stop.
 */
export const runMode = async (settings: Settings, syslog: Syslog, opts: { exitStatusOnSignal?: number } = {}): Promise<void> => {
  installSignalHandlers(syslog, opts.exitStatusOnSignal);
  const engine = new Engine(settings, syslog.log);
  const start = await loadStarter(settings.mode);
  if (!(await start(settings, engine, syslog.log))) {
    syslog.log(log.modeFailed);
    exitLegacy(syslog, -1);
  }
};
