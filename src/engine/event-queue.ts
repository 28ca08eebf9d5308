/**
 * Events are handled one at a time, in arrival order, as 1.2's single loop does. The queue is
 * bounded twice, so that a flood can neither grow memory nor blind the detector:
 *  - in count: at most `limit` events wait (memory); past it the oldest waiting one is dropped;
 *  - in time: an event that has waited too long when its turn comes is dropped, unless it is the
 *    newest one waiting. Too long is MAX_WAIT_MS during a flood (the queue overflowed its count
 *    since it was last empty), BURST_WAIT_MS otherwise. Once a flood of spoofed sources ends, the
 *    next real scan is therefore reached within about MAX_WAIT_MS however slow each event is to
 *    handle (what came before it is handled or stale by then), and during a flood a real scanner's
 *    packet is not held behind stale ones; a burst that fits in the queue is handled whole, as 1.2
 *    handles what its kernel buffer kept, unless handling it takes longer than BURST_WAIT_MS.
 * A dropped event is counted, and the caller's `discard` closes what it holds (a TCP connection).
 * What is kept is what was seen last; 1.2's kernel queue drops the newest instead, and silently.
 */
export const MAX_WAIT_MS = 1500;
export const BURST_WAIT_MS = 4000;
/**
 * The capture and the sockets get a turn of the event loop (they read what waits in the kernel)
 * before the first event and then once this much handling time has passed, not before every
 * event: a turn costs a poll of the kernel, which was a good part of a cheap hit's cost.
 */
const TURN_EVERY_MS = 1;

export class EventQueue<T> {
  /** a ring of `limit` slots: items[head] is the oldest waiting event, queuedAt[i] when items[i] came */
  private readonly items: (T | undefined)[];
  private readonly queuedAt: Float64Array;
  private head = 0;
  private count = 0;
  private running = false;
  /** the queue overflowed its count since it was last empty */
  private flooded = false;
  dropped = 0;

  constructor(
    private readonly handler: (item: T) => Promise<void>,
    private readonly limit = 4096,
    private readonly onDrop?: (dropped: number) => void,
    private readonly discard?: (item: T) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.items = new Array<T | undefined>(Math.max(1, limit));
    this.queuedAt = new Float64Array(Math.max(1, limit));
  }

  get length(): number {
    return this.count;
  }

  /** queues the event, dropping the oldest waiting one when the queue is full; false when the limit is 0 */
  push(item: T): boolean {
    if (this.limit <= 0) {
      this.drop(item);
      return false;
    }
    if (this.count >= this.limit) {
      this.flooded = true;
      this.drop(this.shift());
    }
    const slot = (this.head + this.count) % this.limit;
    this.items[slot] = item;
    this.queuedAt[slot] = this.now();
    this.count++;
    if (!this.running) void this.drain();
    return true;
  }

  private drop(item: T): void {
    this.dropped++;
    this.discard?.(item);
    this.onDrop?.(this.dropped);
  }

  /** the oldest waiting event (the queue must not be empty) */
  private shift(): T {
    const item = this.items[this.head] as T;
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.limit;
    this.count--;
    return item;
  }

  private async drain(): Promise<void> {
    this.running = true;
    let turn = -Infinity;
    while (this.count > 0) {
      if (this.now() - turn >= TURN_EVERY_MS) {
        // a turn of the event loop: the capture or the sockets read what waits in the kernel
        await new Promise<void>((r) => setImmediate(r));
        turn = this.now();
      }
      const now = this.now();
      const wait = this.flooded ? MAX_WAIT_MS : BURST_WAIT_MS;
      while (this.count > 1 && now - this.queuedAt[this.head]! > wait) this.drop(this.shift());
      if (this.count === 0) break;
      await this.handler(this.shift());
    }
    this.flooded = false;
    this.running = false;
  }
}
