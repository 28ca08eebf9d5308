import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue.js';

describe('EventQueue', () => {
  it('handles items one at a time in arrival order', async () => {
    const seen: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const q = new EventQueue<string>(async (item) => {
      seen.push(`start ${item}`);
      if (item === 'a') await gate;
      seen.push(`end ${item}`);
    });
    q.push('a');
    q.push('b');
    expect(seen).toEqual(['start a']);
    release();
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual(['start a', 'end a', 'start b', 'end b']);
  });
  it('refuses items once the waiting ones reach its limit, and counts them', () => {
    const drops: number[] = [];
    const q = new EventQueue<number>(() => new Promise(() => undefined), 2, (n) => drops.push(n));
    // 1 is being handled, 2 and 3 wait, 4 and 5 find the queue full
    expect([q.push(1), q.push(2), q.push(3), q.push(4), q.push(5)]).toEqual([true, true, true, false, false]);
    expect(q.dropped).toBe(2);
    expect(drops).toEqual([1, 2]);
  });
});
