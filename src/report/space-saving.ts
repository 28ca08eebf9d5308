/**
 * The heavy hitters of a stream in bounded memory: Metwally, Agrawal and El Abbadi's Space-Saving
 * ("Efficient Computation of Frequent and Top-k Elements in Data Streams", 2005). At most `capacity`
 * keys are kept. While the stream has no more distinct keys than that, every count is exact. Once a
 * new key arrives with the table full, it takes the place of the key with the smallest count m and
 * starts at m + 1 with `error` m: from then on a kept count over-states the key's true count by at
 * most its `error`, and any key whose true count exceeds the smallest kept count is kept. Chosen over
 * count-min (which needs a second structure to know *which* keys are the top ones, and over-counts
 * every key) and over a map that drops its smallest keys (whose counts would silently under-state):
 * Space-Saving gives the keys and a stated bound on each count's error.
 *
 * The entries are kept in a binary min-heap on their counts, so an increment and an eviction cost
 * O(log capacity).
 */
interface Counted<V> {
  key: string;
  count: number;
  /** how much `count` may over-state the key's true count (0: exact) */
  error: number;
  /** what the caller keeps about the key (reset when the entry is given to another key) */
  value: V;
  heapIndex: number;
}

export class SpaceSaving<V> {
  private readonly byKey = new Map<string, Counted<V>>();
  private readonly heap: Counted<V>[] = [];
  private evictions = 0;

  constructor(
    readonly capacity: number,
    private readonly fresh: (key: string) => V,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`capacity: expected a whole number above 0, found ${capacity}`);
  }

  /** true once a key has been evicted: counts may then be over-stated (by each entry's `error`) */
  get approximate(): boolean {
    return this.evictions > 0;
  }

  get size(): number {
    return this.heap.length;
  }

  /** Counts one occurrence of `key`; returns its entry for the caller to update its value. */
  offer(key: string): Counted<V> {
    const known = this.byKey.get(key);
    if (known !== undefined) {
      known.count++;
      this.down(known.heapIndex);
      return known;
    }
    if (this.heap.length < this.capacity) {
      const entry: Counted<V> = { key, count: 1, error: 0, value: this.fresh(key), heapIndex: this.heap.length };
      this.byKey.set(key, entry);
      this.heap.push(entry);
      this.up(entry.heapIndex);
      return entry;
    }
    const min = this.heap[0]!;
    this.byKey.delete(min.key);
    this.evictions++;
    min.key = key;
    min.error = min.count;
    min.count++;
    min.value = this.fresh(key);
    this.byKey.set(key, min);
    this.down(0);
    return min;
  }

  /** The kept entries, largest count first (ties: the key's order), at most `n`. */
  top(n: number): Counted<V>[] {
    return [...this.heap].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).slice(0, n);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]!.count <= h[i]!.count) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let least = i;
      if (l < h.length && h[l]!.count < h[least]!.count) least = l;
      if (r < h.length && h[r]!.count < h[least]!.count) least = r;
      if (least === i) return;
      this.swap(i, least);
      i = least;
    }
  }

  private swap(a: number, b: number): void {
    const h = this.heap;
    const x = h[a]!;
    h[a] = h[b]!;
    h[b] = x;
    h[a].heapIndex = a;
    h[b].heapIndex = b;
  }
}
