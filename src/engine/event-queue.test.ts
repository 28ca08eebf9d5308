import { describe, expect, it } from 'vitest';
import { BURST_WAIT_MS, EventQueue, MAX_WAIT_MS } from './event-queue.js';

/** lets queued handlers run: the queue gives the event loop a turn before each */
const settle = async (turns = 6000): Promise<void> => {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
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
    await settle(2);
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
    // 1 is taken at the next turn of the event loop, and then held: 2 and 3 wait, 4 and 5 push them out
    q.push(1);
    await settle(2);
    expect([q.push(2), q.push(3), q.push(4), q.push(5)]).toEqual([true, true, true, true]);
    expect(q.dropped).toBe(2);
    expect(drops).toEqual([1, 2]);
    expect(discarded).toEqual([2, 3]);
    release();
    await settle(20);
    expect(handled).toEqual([1, 4, 5]);
  });

  it('keeps every item of a burst that it handles within the time an event may wait', async () => {
    const { q, handled, discarded } = timedQueue(0.1, 20_000);
    for (let i = 0; i < 5000; i++) q.push(`hit ${i}`);
    await settle();
    expect(discarded).toEqual([]);
    expect(handled).toHaveLength(5000);
    expect(handled[4999]).toBe('hit 4999');
  });

  it('keeps a burst of 20000 that fits in the queue whole when handling it takes less than BURST_WAIT_MS', async () => {
    const { q, handled, discarded, now } = timedQueue(0.15, 20_000);
    for (let i = 0; i < 20_000; i++) q.push(`hit ${i}`);
    await settle(25_000);
    expect(discarded).toEqual([]);
    expect(handled).toHaveLength(20_000);
    expect(now()).toBeGreaterThan(MAX_WAIT_MS);
  });

  it('drops the events of a burst that waited longer than BURST_WAIT_MS when their turn comes, but never the newest', async () => {
    const { q, handled, discarded, now } = timedQueue(10, 20_000);
    for (let i = 0; i < 1000; i++) q.push(`hit ${i}`);
    await settle();
    // handled at 0, 10, ... 4000 ms: 401 events; the rest had waited too long, except the newest
    expect(BURST_WAIT_MS).toBe(4000);
    expect(handled).toHaveLength(402);
    expect(handled.slice(399)).toEqual(['hit 399', 'hit 400', 'hit 999']);
    expect(discarded).toHaveLength(598);
    expect(discarded[0]).toBe('hit 401');
    expect(now()).toBe(4020);
  });

  it('drops at their turn the events that waited longer than MAX_WAIT_MS once the queue overflowed', async () => {
    const { q, handled, discarded, now } = timedQueue(10, 1000);
    for (let i = 0; i < 1001; i++) q.push(`hit ${i}`);
    expect(discarded).toEqual(['hit 0']);
    await settle();
    // handled at 0, 10, ... 1500 ms: 151 events; the rest had waited too long, except the newest
    expect(handled).toHaveLength(152);
    expect(handled.slice(149)).toEqual(['hit 150', 'hit 151', 'hit 1000']);
    expect(discarded).toHaveLength(849);
    expect(discarded[1]).toBe('hit 152');
    expect(now()).toBe(1520);
  });

  it('reaches a real scan that comes after a spoofed flood within the time an event may wait', async () => {
    const { q, handled, discarded, now } = timedQueue(5, 20_000);
    // 200000 spoofed sources at once: only the newest 20000 are kept
    for (let i = 1; i <= 200_000; i++) q.push(`spoofed ${i}`);
    expect(discarded).toHaveLength(180_000);
    expect(discarded[0]).toBe('spoofed 1');
    await settle(200);
    // 200 ms later, while the engine is still at the flood, the real scanner's packet
    const arrived = now();
    expect(arrived).toBe(1000);
    q.push('real scanner');
    await settle(2000);
    expect(handled.at(-1)).toBe('real scanner');
    // handled from 0 to 1500 ms: 301 flood events, then it; the remaining flood events were stale
    expect(handled).toHaveLength(302);
    expect(now() - arrived).toBe(MAX_WAIT_MS - 1000 + 10);
    expect(q.dropped).toBe(200_000 - 301);
  });
});
