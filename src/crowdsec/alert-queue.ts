import { log } from '../messages/legacy-messages.js';
import type { LapiAlert } from './alert.js';
import { LapiError } from './lapi-client.js';
import type { Spool, SpoolEntry } from './spool.js';

type Emit = (text: string) => void;

/** what the queue needs of a client (LapiClient) */
export interface AlertSink {
  pushAlerts(alerts: readonly LapiAlert[]): Promise<string[]>;
  readonly loggedIn: boolean;
}

interface QueueOptions {
  spool: Spool;
  /** a client for each attempt (the credentials file is read again, so a fixed file needs no restart) */
  client: () => AlertSink;
  emit: Emit;
  /** at most this many alerts are queued (and spooled); more are dropped and counted */
  maxQueued?: number;
  /** at most this many alerts go in one POST */
  batch?: number;
  /** the first wait after a failure; it doubles up to maxBackoffMs */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** the "dropped" line is logged at most this often */
  dropLogIntervalMs?: number;
  /** told whenever something the status shows changed */
  onChange?: (state: QueueState) => void;
  now?: () => number;
}

/** what `portsentry crowdsec status` shows of the daemon's push */
export interface QueueState {
  queued: number;
  sent: number;
  dropped: number;
  rejected: number;
  loggedIn: boolean;
  lastSuccess: string | null;
  lastError: { at: string; message: string } | null;
  /** when the next attempt is due, while backing off */
  retryAt: string | null;
}

/**
 * The bounded queue between the engine and the Local API. enqueue() only appends to an array and
 * returns: the spooling, the HTTP calls and their waits happen beside the engine, on their own
 * schedule, so an API that is down, slow or answering garbage never delays a detection. One batch
 * is in flight at a time; after a failure the next attempt waits (1 s, doubling, at most 5 min).
 */
export class AlertQueue {
  private readonly entries: SpoolEntry[] = [];
  /** entries[i] for i < spooled have their file written */
  private spooled = 0;
  private running = false;
  private stopped = false;
  private backoffMs = 0;
  private timer: NodeJS.Timeout | null = null;
  private failing = false;
  private lastDropLog = -Infinity;
  private dropLogged = 0;
  private readonly max: number;
  private readonly batch: number;
  private readonly minBackoff: number;
  private readonly maxBackoff: number;
  private readonly dropInterval: number;
  private readonly now: () => number;
  private client: AlertSink | null = null;
  private spooling: Promise<void> | null = null;
  private spoolFailing = false;
  readonly state: QueueState = {
    queued: 0,
    sent: 0,
    dropped: 0,
    rejected: 0,
    loggedIn: false,
    lastSuccess: null,
    lastError: null,
    retryAt: null,
  };
  private readonly exitHandler = () => this.spoolRemainingSync();

  constructor(private readonly o: QueueOptions) {
    this.max = o.maxQueued ?? 1000;
    this.batch = o.batch ?? 50;
    this.minBackoff = o.minBackoffMs ?? 1000;
    this.maxBackoff = o.maxBackoffMs ?? 300_000;
    this.dropInterval = o.dropLogIntervalMs ?? 60_000;
    this.now = o.now ?? Date.now;
    process.on('exit', this.exitHandler);
  }

  /** queues what the previous run left in the spool (call once, before the first enqueue) */
  loadSpool(): void {
    const { entries, discarded, extra } = this.o.spool.loadSync(this.max);
    this.entries.push(...entries);
    this.spooled = this.entries.length;
    if (discarded > 0) this.o.emit(log.ours.crowdsecSpoolFailed(`${discarded} unreadable files removed`));
    if (extra > 0)
      this.o.emit(log.ours.crowdsecSpoolFailed(`${extra} files past the bound of ${this.max} left for later`));
    if (entries.length > 0) this.o.emit(log.ours.crowdsecSpoolLoaded(entries.length, this.o.spool.dir));
    this.changed();
    this.schedule(0);
  }

  /** takes one alert: O(1), never waits, never throws */
  enqueue(alert: LapiAlert): void {
    if (this.stopped) return;
    if (this.entries.length >= this.max) {
      this.state.dropped++;
      this.logDropped();
      this.changed();
      return;
    }
    this.entries.push(this.o.spool.entryFor(alert, this.now()));
    this.changed();
    if (!this.running && this.timer === null) this.schedule(0);
    else if (!this.running && this.backoffMs > 0) {
      // backing off: the alert is spooled now, sent when the wait is over
      setImmediate(() => void this.spoolPending());
    }
  }

  /** stops sending (tests; the daemon just exits) and writes what is not spooled yet */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    process.off('exit', this.exitHandler);
    this.spoolRemainingSync();
  }

  /** resolves once nothing is queued or a failure is backing off (tests) */
  async idle(): Promise<void> {
    while (this.running || (this.timer !== null && this.backoffMs === 0)) {
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  private schedule(ms: number): void {
    if (this.stopped || this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.pump();
    }, ms);
    this.timer.unref();
  }

  /** writes the files of the entries not spooled yet; one writer at a time */
  private spoolPending(): Promise<void> {
    this.spooling ??= this.writePending().finally(() => {
      this.spooling = null;
    });
    return this.spooling;
  }

  private async writePending(): Promise<void> {
    while (this.spooled < this.entries.length) {
      const entry = this.entries[this.spooled]!;
      try {
        await this.o.spool.save(entry);
      } catch (err) {
        // kept in memory and sent all the same; logged once until the spool works again
        if (!this.spoolFailing)
          this.o.emit(log.ours.crowdsecSpoolFailed(`cannot write ${entry.name}: ${(err as Error).message}`));
        this.spoolFailing = true;
        return;
      }
      this.spoolFailing = false;
      this.spooled++;
    }
  }

  private async pump(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      while (!this.stopped && this.entries.length > 0) {
        await this.spoolPending();
        // spooled entries first; when the spool cannot be written, the others go all the same
        const batch = this.entries.slice(0, Math.min(this.batch, this.spooled || this.entries.length));
        const ok = await this.send(batch);
        if (!ok) return;
      }
    } finally {
      this.running = false;
      this.changed();
    }
  }

  /** one POST of `batch` (the oldest entries); false when it failed and a retry is scheduled */
  private async send(batch: SpoolEntry[]): Promise<boolean> {
    let error: LapiError;
    try {
      this.client ??= this.o.client();
      await this.client.pushAlerts(batch.map((e) => e.alert));
      this.state.loggedIn = true;
      this.state.sent += batch.length;
      this.state.lastSuccess = new Date(this.now()).toISOString();
      this.state.retryAt = null;
      if (this.failing) this.o.emit(log.ours.crowdsecResumed(this.state.sent));
      this.failing = false;
      this.backoffMs = 0;
      await this.forget(batch);
      return true;
    } catch (err) {
      error = err instanceof LapiError ? err : new LapiError('unreachable', 'login', (err as Error).message);
    }
    this.state.loggedIn = this.client?.loggedIn ?? false;
    // a fresh client (credentials read again, a new login) after anything but a 5xx or a slow answer
    if (error.kind !== 'failed' && error.kind !== 'timeout') this.client = null;
    this.state.lastError = { at: new Date(this.now()).toISOString(), message: error.message };
    if (error.kind === 'rejected' && error.step === 'alerts') {
      // the API will never take these alerts as they are: sending them again would block the queue
      this.state.rejected += batch.length;
      await this.forget(batch);
      this.o.emit(log.ours.crowdsecRejected(this.state.rejected, error.message));
      return true;
    }
    if (!this.failing) this.o.emit(log.ours.crowdsecFailing(error.message, this.entries.length));
    this.failing = true;
    this.backoffMs = this.backoffMs === 0 ? this.minBackoff : Math.min(this.backoffMs * 2, this.maxBackoff);
    this.state.retryAt = new Date(this.now() + this.backoffMs).toISOString();
    this.schedule(this.backoffMs);
    return false;
  }

  /** the batch is done with: out of the queue, its files out of the spool */
  private async forget(batch: SpoolEntry[]): Promise<void> {
    this.entries.splice(0, batch.length);
    this.spooled = Math.max(0, this.spooled - batch.length);
    this.changed();
    for (const e of batch) {
      try {
        await this.o.spool.remove(e);
      } catch (err) {
        this.o.emit(log.ours.crowdsecSpoolFailed(`cannot remove ${e.name}: ${(err as Error).message}`));
      }
    }
  }

  private logDropped(): void {
    const t = this.now();
    if (t - this.lastDropLog < this.dropInterval) return;
    this.lastDropLog = t;
    this.dropLogged = this.state.dropped;
    this.o.emit(log.ours.crowdsecDropped(this.state.dropped, this.max));
  }

  /** the exit handler: every alert not spooled yet is written now, synchronously, and the drop count logged */
  private spoolRemainingSync(): void {
    for (; this.spooled < this.entries.length; this.spooled++) {
      const entry = this.entries[this.spooled]!;
      try {
        this.o.spool.saveSync(entry);
      } catch (err) {
        this.o.emit(log.ours.crowdsecSpoolFailed(`cannot write ${entry.name}: ${(err as Error).message}`));
      }
    }
    if (this.state.dropped > this.dropLogged) {
      this.dropLogged = this.state.dropped;
      this.o.emit(log.ours.crowdsecDropped(this.state.dropped, this.max));
    }
  }

  private changed(): void {
    this.state.queued = this.entries.length;
    this.o.onChange?.(this.state);
  }
}
