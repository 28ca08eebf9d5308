import { log } from '../messages/legacy-messages.js';
import type { ModeStarter } from '../capture/mode-starter.js';
import type { Settings } from '../config/settings.js';
import { Engine } from '../engine/detection.js';
import { attachStatus } from '../status/attach.js';
import type { Syslog } from '../outputs/syslog.js';
import { exitLegacy, installSignalHandlers } from './exit.js';
import { releaseStartupPages } from '../system/startup-pages.js';

/** each mode's detector is loaded only by the daemon that runs it */
const loadStarter = async (mode: Settings['mode']): Promise<ModeStarter> => {
  switch (mode) {
    case 'tcp':
      return (await import('../capture/classic-tcp.js')).startClassicTcp;
    case 'udp':
      return (await import('../capture/classic-udp.js')).startClassicUdp;
    default: {
      const stealth = await import('../capture/stealth.js');
      return stealth.starterFor(mode);
    }
  }
};

/** loads a mode's detector ahead of time (the daemon does it while it waits for its settings) */
export const preloadMode = async (mode: Settings['mode']): Promise<void> => {
  await loadStarter(mode);
};

/**
 * The daemon's side of main(): start the mode's detector, or log the failure and Exit(ERROR).
 * `exitStatusOnSignal` replaces 1.2's exit status (the signal number) for `run --foreground`, so that
 * systemd sees a clean stop.
 */
export const runMode = async (
  settings: Settings,
  syslog: Syslog,
  opts: { exitStatusOnSignal?: number } = {},
): Promise<void> => {
  installSignalHandlers(syslog, opts.exitStatusOnSignal);
  const engine = new Engine(settings, syslog.log);
  const crowdsec = settings.extensions.crowdsec;
  if (crowdsec !== null) {
    // loaded only with CROWDSEC_CREDENTIALS set: with the key off nothing of it runs or is created
    const { startCrowdsec } = await import('../crowdsec/start.js');
    startCrowdsec(settings, crowdsec, engine, syslog.log);
  }
  // `portsentry status` and the metrics: counters on the engine, state under /run/portsentry
  const status = attachStatus(settings, engine);
  const start = await loadStarter(settings.mode);
  if (!(await start(settings, engine, syslog.log, status.report))) {
    syslog.log(log.modeFailed);
    exitLegacy(syslog, -1);
  }
  status.started();
  // start-up is over: its code pages need not stay resident
  setImmediate(releaseStartupPages);
};
