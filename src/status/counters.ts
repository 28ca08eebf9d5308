import type { EngineObserver, Hit } from '../engine/detection.js';
import type { Counts, LastDetection } from './state.js';

/**
 * The engine's observer for `portsentry status` and the metrics: counts what became of each hit
 * and remembers the last detection. Only increments on the hot path; `version` changes with every
 * count, so that the writers know when there is something new to write.
 */
export class DaemonCounters implements EngineObserver {
  readonly counts: Omit<Counts, 'dropped'> = {
    hits: 0,
    ignored: 0,
    triggered: 0,
    alreadyBlocked: 0,
    blocked: 0,
    responseFailures: 0,
  };
  lastDetection: LastDetection | null = null;
  version = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  hit(): void {
    this.counts.hits++;
    this.version++;
  }

  ignored(): void {
    this.counts.ignored++;
    this.version++;
  }

  triggered(hit: Hit): void {
    this.counts.triggered++;
    this.lastDetection = { at: this.now().toISOString(), host: hit.target, port: hit.port };
    this.version++;
  }

  alreadyBlocked(): void {
    this.counts.alreadyBlocked++;
    this.version++;
  }

  blocked(): void {
    this.counts.blocked++;
    this.version++;
  }

  responseFailed(): void {
    this.counts.responseFailures++;
    this.version++;
  }
}
