import { readFileSync } from 'node:fs';
import type { PortSet } from '../capture/bpf-filter.js';
import type { StartReport } from '../capture/mode-starter.js';
import type { Settings } from '../config/settings.js';
import type { DaemonCounters } from './counters.js';
import { protocolOf, type DaemonState } from './state.js';

/** field 22 of /proc/PID/stat (the start time in clock ticks since boot), '' when unreadable */
export const processStartOf = (pid: number): string => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
};

/**
 * What one daemon knows of itself: what its detector reported at start (StartReport), the
 * engine's counters, and how its own writes went. `snapshot()` gives the state the files show.
 */
export class LiveState implements StartReport {
  private watchedPorts: PortSet | null = null;
  private inUsePorts: readonly number[] = [];
  private events: { readonly length: number; readonly dropped: number } | null = null;
  private tableName: string | null = null;
  readonly startedAt: Date;
  private readonly processStart: string;
  stateWriteFailures = 0;
  metricsWriteFailures = 0;

  constructor(
    private readonly settings: Settings,
    readonly counters: DaemonCounters,
    private readonly metricsFile: string | null,
    private readonly now: () => Date = () => new Date(),
    readonly pid = process.pid,
  ) {
    this.startedAt = now();
    this.processStart = processStartOf(pid);
  }

  watching(ports: PortSet, inUse: readonly number[]): void {
    this.watchedPorts = ports;
    this.inUsePorts = inUse;
  }

  queue(queue: { readonly length: number; readonly dropped: number }): void {
    this.events = queue;
  }

  table(name: string | null): void {
    this.tableName = name;
  }

  /** changes whenever something a reader would see (not the time) has changed */
  get version(): string {
    return `${this.counters.version} ${this.events?.length ?? 0} ${this.events?.dropped ?? 0} ${this.stateWriteFailures} ${this.metricsWriteFailures}`;
  }

  snapshot(): DaemonState {
    const { mode } = this.settings;
    return {
      format: 1,
      mode,
      protocol: protocolOf(mode),
      pid: this.pid,
      processStart: this.processStart,
      startedAt: this.startedAt.toISOString(),
      configFile: this.settings.configPath,
      watched: this.watchedPorts,
      inUse: [...this.inUsePorts],
      counts: { ...this.counters.counts, dropped: this.events?.dropped ?? 0 },
      queueDepth: this.events?.length ?? 0,
      lastDetection: this.counters.lastDetection,
      stealthTable: this.tableName,
      updatedAt: this.now().toISOString(),
      stateWriteFailures: this.stateWriteFailures,
      metricsFile: this.metricsFile,
      metricsWriteFailures: this.metricsWriteFailures,
    };
  }
}
