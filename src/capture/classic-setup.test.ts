import { describe, expect, it } from 'vitest';
import type { Hit } from '../engine/detection.js';
import { handleAfterReads, MAX_READ_TURNS } from './classic-setup.js';

const hit: Hit = { target: '127.1.2.3', proto: 'UDP', port: 7, kind: 'classic' };

describe('handleAfterReads', () => {
  it('lets the event loop turn again while a turn still read datagrams, then hands the hit to the engine', async () => {
    let reads = 0;
    let turns = 0;
    const handled: number[] = [];
    // one more datagram read on each of the first 5 turns, then nothing
    const tick = (): void => {
      turns++;
      if (turns <= 5) reads++;
      if (turns < 100) setImmediate(tick);
    };
    setImmediate(tick);
    await handleAfterReads({ handle: async () => void handled.push(reads) }, () => reads)(hit);
    expect(handled).toEqual([5]);
  });
  it('waits at most MAX_READ_TURNS turns under input that never stops', async () => {
    let turns = 0;
    const handled: string[] = [];
    await handleAfterReads({ handle: async (h) => void handled.push(h.target) }, () => turns++)(hit);
    expect(handled).toEqual(['127.1.2.3']);
    expect(turns).toBe(2 * MAX_READ_TURNS);
  });
  it('waits one turn when nothing was read', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('turn'));
    await handleAfterReads({ handle: async () => void order.push('handled') })(hit);
    expect(order).toEqual(['turn', 'handled']);
  });
});
