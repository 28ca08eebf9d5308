/**
 * Events are handled one at a time, in arrival order, as 1.2's single loop does. The queue is
 * bounded twice, so that a flood can neither grow memory nor blind the detector:
 *  - in count: at most `limit` events wait (memory);
 *  - in time: at most about WAIT_BUDGET_MS of work waits, at the handling rate measured so far
 *    (never fewer than MIN_DEPTH events). Once a flood of spoofed sources ends, the next real scan
 *    is reached within that time, however slow each event is to handle.
 * Past either bound the OLDEST waiting event is dropped (the caller's `discard` closes what it
 * holds, e.g. a TCP connection) and counted: what is kept is what was seen last, so a real scanner
 * arriving during a flood is not starved by stale events queued before it. 1.2's kernel queue
 * drops the newest instead, and silently.
 */
export const WAIT_BUDGET_MS = 1500;
export const MIN_DEPTH = 64;
/** weight of the newest measurement in the average handling time */
const SMOOTHING = 1 / 32;

export class EventQueue<T> {
  /** a ring of `limit` slots: items[head] is the oldest waiting event */
  private readonly items: (T | undefined)[];
  private head = 0;
  private count = 0;
  private running = false;
  /** average time to handle one event, in ms (0 until one was measured) */
  private averageMs = 0;
  dropped = 0;

  constructor(
    private readonly handler: (item: T) => Promise<void>,
    private readonly limit = 4096,
    private readonly onDrop?: (dropped: number) => void,
    private readonly discard?: (item: T) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.items = new Array<T | undefined>(Math.max(1, limit));
  }

  get length(): number {
    return this.count;
  }

  /** how many events may wait now: the count bound, or fewer when handling is slow */
  get depth(): number {
    if (this.averageMs <= 0) return this.limit;
    return Math.max(Math.min(MIN_DEPTH, this.limit), Math.min(this.limit, Math.floor(WAIT_BUDGET_MS / this.averageMs)));
  }

  /** queues the event, dropping the oldest waiting ones past the bounds; false when the limit is 0 */
  push(item: T): boolean {
    if (this.limit <= 0) {
      this.drop(item);
      return false;
    }
    const depth = this.depth;
    while (this.count >= depth) this.drop(this.shift()!);
    this.items[(this.head + this.count) % this.limit] = item;
    this.count++;
    if (!this.running) void this.drain();
    return true;
  }

  private drop(item: T): void {
    this.dropped++;
    this.discard?.(item);
    this.onDrop?.(this.dropped);
  }

  private shift(): T | undefined {
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.limit;
    this.count--;
    return item;
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.count > 0) {
      const item = this.shift()!;
      const started = this.now();
      await this.handler(item);
      const took = this.now() - started;
      this.averageMs = this.averageMs === 0 ? took : this.averageMs + (took - this.averageMs) * SMOOTHING;
    }
    this.running = false;
  }
}
