import { describe, expect, it } from 'vitest';
import { EventQueue, MIN_DEPTH, WAIT_BUDGET_MS } from './event-queue.js';

/** lets every queued handler run (each awaits once) */
const settle = async (turns = 50_000): Promise<void> => {
  for (let i = 0; i < turns; i++) await Promise.resolve();
};

/** a queue whose handler takes `costMs` of a fake clock for each event, recording what it handled */
const timedQueue = (costMs: number, limit: number) => {
  let clock = 0;
  const handled: string[] = [];
  const discarded: string[] = [];
  const q = new EventQueue<string>(
    async (item) => {
      await Promise.resolve();
      clock += costMs;
      handled.push(item);
    },
    limit,
    undefined,
    (item) => discarded.push(item),
    () => clock,
  );
  return { q, handled, discarded, now: () => clock };
};

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
    await settle(10);
    expect(seen).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('drops the oldest waiting items once its limit is reached, discards and counts them', async () => {
    const drops: number[] = [];
    const discarded: number[] = [];
    const handled: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const q = new EventQueue<number>(
      async (n) => {
        if (n === 1) await gate;
        handled.push(n);
      },
      2,
      (n) => drops.push(n),
      (n) => discarded.push(n),
    );
    // 1 is being handled, 2 and 3 wait; 4 and 5 push out 2 and 3
    expect([q.push(1), q.push(2), q.push(3), q.push(4), q.push(5)]).toEqual([true, true, true, true, true]);
    expect(q.dropped).toBe(2);
    expect(drops).toEqual([1, 2]);
    expect(discarded).toEqual([2, 3]);
    release();
    await settle(20);
    expect(handled).toEqual([1, 4, 5]);
  });

  it('keeps every item of a burst while handling is fast enough to reach them within the time budget', async () => {
    const { q, handled, discarded } = timedQueue(0.1, 20_000);
    for (let i = 0; i < 5000; i++) q.push(`hit ${i}`);
    await settle();
    expect(discarded).toEqual([]);
    expect(handled).toHaveLength(5000);
    expect(handled[4999]).toBe('hit 4999');
  });

  it('lets only as many items wait as it can handle within the time budget when handling is slow', async () => {
    const { q, handled } = timedQueue(10, 20_000);
    q.push('first');
    await settle(10);
    expect(handled).toEqual(['first']);
    expect(q.depth).toBe(WAIT_BUDGET_MS / 10);
  });

  it('never lets fewer than MIN_DEPTH items wait, however slow handling is', async () => {
    const { q } = timedQueue(1000, 20_000);
    q.push('first');
    await settle(10);
    expect(q.depth).toBe(MIN_DEPTH);
  });

  it('reaches a real scan that comes after a spoofed flood within the time budget', async () => {
    const { q, handled, discarded, now } = timedQueue(5, 20_000);
    // the first hit measures the cost (5 ms), then 200000 spoofed sources arrive at once
    q.push('spoofed 0');
    await settle(10);
    for (let i = 1; i <= 200_000; i++) q.push(`spoofed ${i}`);
    const arrived = now();
    q.push('real scanner');
    await settle(5000);
    const at = handled.indexOf('real scanner');
    expect(at).toBe(handled.length - 1);
    // 'spoofed 1' was already in hand; of those that waited, the newest 299 were kept with the
    // real scanner: 300 events of 5 ms are the 1.5 s budget, and the one in hand adds its 5 ms
    expect(handled.slice(0, 3)).toEqual(['spoofed 0', 'spoofed 1', 'spoofed 199702']);
    expect(handled).toHaveLength(302);
    expect(now() - arrived).toBe(WAIT_BUDGET_MS + 5);
    expect(discarded).toHaveLength(199_700);
    expect(discarded.slice(0, 2)).toEqual(['spoofed 2', 'spoofed 3']);
    expect(q.dropped).toBe(199_700);
  });
});
