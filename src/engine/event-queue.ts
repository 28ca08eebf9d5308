/**
 * Events are handled one at a time, in arrival order, as 1.2's single loop does. The queue is
 * bounded: under a flood, events beyond `limit` are refused (and counted) instead of growing
 * memory; the caller drops them (closing a TCP connection, discarding a datagram).
 */
export class EventQueue<T> {
  private readonly items: T[] = [];
  private running = false;
  dropped = 0;

  constructor(
    private readonly handler: (item: T) => Promise<void>,
    private readonly limit = 4096,
    private readonly onDrop?: (dropped: number) => void,
  ) {}

  get length(): number {
    return this.items.length;
  }

  /** false when the queue is full and the item was not taken */
  push(item: T): boolean {
    if (this.items.length >= this.limit) {
      this.dropped++;
      this.onDrop?.(this.dropped);
      return false;
    }
    this.items.push(item);
    if (!this.running) void this.drain();
    return true;
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.items.length > 0) {
      const item = this.items.shift()!;
      await this.handler(item);
    }
    this.running = false;
  }
}
