import { describe, expect, it } from 'vitest';
import { TriggerState } from './trigger-state.js';

const visits = (trigger: number, hosts: string[]) => {
  const s = new TriggerState(trigger);
  return hosts.map((h) => s.visit(h));
};

describe('TriggerState', () => {
  it('triggers on every visit with SCAN_TRIGGER 0 or 1', () => {
    expect(visits(0, ['a', 'a'])).toEqual([true, true]);
    expect(visits(1, ['a', 'b'])).toEqual([true, true]);
  });
  it('triggers on the second visit of a host with SCAN_TRIGGER 2, and on every one after', () => {
    expect(visits(2, ['a', 'b', 'a', 'a', 'b'])).toEqual([false, false, true, true, true]);
  });
  it('needs two earlier visits with SCAN_TRIGGER 3', () => {
    expect(visits(3, ['a', 'a', 'a'])).toEqual([false, false, true]);
  });
  it('forgets a visit once 50 newer visits have overwritten it', () => {
    const others = Array.from({ length: 50 }, (_, i) => `10.0.0.${i}`);
    expect(visits(2, ['a', ...others, 'a']).at(-1)).toBe(false);
    expect(visits(2, ['a', ...others.slice(1), 'a']).at(-1)).toBe(true);
  });
  it('reports a trigger above 50 as too large', () => {
    expect(new TriggerState(51).tooLarge).toBe(true);
    expect(new TriggerState(50).tooLarge).toBe(false);
  });
  it('keys IPv6 hosts by their whole canonical text, the longest ones included, in the same 50 visits', () => {
    const long = '2001:db8:1111:2222:3333:4444:5555:6666';
    const near = '2001:db8:1111:2222:3333:4444:5555:6667';
    expect(visits(2, [long, near, '127.0.0.1', long])).toEqual([false, false, false, true]);
    const others = Array.from({ length: 50 }, (_, i) => `fd00::${i.toString(16)}`);
    expect(visits(2, [long, ...others, long]).at(-1)).toBe(false);
  });
});
