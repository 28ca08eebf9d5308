import type { Settings } from '../config/settings.js';
import type { Engine } from '../engine/detection.js';

/**
 * What each mode's detector exports: start watching (1.2's PortSentryModeTCP() and friends, up to
 * "PortSentry is now active"), reporting hits to the engine; false when the mode cannot start (the
 * reason already logged through emit).
 */
export type ModeStarter = (settings: Settings, engine: Engine, emit: (t: string) => void) => boolean | Promise<boolean>;
