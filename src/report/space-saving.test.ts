import { describe, expect, it } from 'vitest';
import { SpaceSaving } from './space-saving.js';

const run = (keys: string[], capacity: number) => {
  const s = new SpaceSaving<null>(capacity, () => null);
  for (const k of keys) s.offer(k);
  return s;
};

describe('SpaceSaving, the bounded top-N of the sources', () => {
  it('counts exactly while the distinct keys fit', () => {
    const s = run(['a', 'b', 'a', 'c', 'a', 'b'], 3);
    expect(s.approximate).toBe(false);
    expect(s.top(3).map((e) => [e.key, e.count, e.error])).toEqual([
      ['a', 3, 0],
      ['b', 2, 0],
      ['c', 1, 0],
    ]);
  });

  it('past its capacity keeps the frequent keys, each count over-stating by at most its error', () => {
    const keys: string[] = [];
    // 200 keys: hot 100, warm 50, 50 others once; any key above 200/5 = 40 is sure to be kept
    for (let i = 0; i < 50; i++) keys.push('hot', `cold${i}`, 'warm', 'hot');
    const s = run(keys, 5);
    expect(s.approximate).toBe(true);
    expect(s.size).toBe(5);
    const truth = (k: string): number => keys.filter((x) => x === k).length;
    const top = s.top(2);
    expect(top.map((e) => e.key)).toEqual(['hot', 'warm']);
    for (const e of s.top(5)) {
      expect(e.count - e.error).toBeLessThanOrEqual(truth(e.key));
      expect(e.count).toBeGreaterThanOrEqual(truth(e.key));
    }
  });

  it('refuses a capacity below 1', () => {
    expect(() => new SpaceSaving(0, () => null)).toThrow('capacity: expected a whole number above 0, found 0');
  });
});
