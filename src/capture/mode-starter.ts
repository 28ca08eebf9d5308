import type { Settings } from '../config/settings.js';
import type { Engine } from '../engine/detection.js';
import type { PortSet } from './bpf-filter.js';

/**
 * What a detector tells the status extension (src/status/) about itself once it is set up. It
 * never changes what the detector logs or does; a daemon without the extension passes nothing.
 */
export interface StartReport {
  /** the ports the mode watches, and those it skipped because a service already holds them */
  watching(ports: PortSet, inUse: readonly number[]): void;
  /** the queue between the capture and the engine: its depth now and the events dropped at its bounds */
  queue(queue: { readonly length: number; readonly dropped: number }): void;
  /** stealth modes: the nft table the capture relies on, or null when it taps "any" instead */
  table(name: string | null): void;
}

/**
 * What each mode's detector exports: start watching (1.2's PortSentryModeTCP() and friends, up to
 * "PortSentry is now active"), reporting hits to the engine; false when the mode cannot start (the
 * reason already logged through emit).
 */
export type ModeStarter = (
  settings: Settings,
  engine: Engine,
  emit: (t: string) => void,
  report?: StartReport,
) => boolean | Promise<boolean>;
