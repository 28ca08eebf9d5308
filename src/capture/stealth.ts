import type { Mode } from '../config/settings.js';
import type { ModeStarter } from '../daemon/run-mode.js';

/** Stealth and advanced modes: see issue 3. */
export const starterFor = (mode: Mode): ModeStarter => {
  throw new Error(`portsentry: mode -${mode} is not available in this build`);
};
