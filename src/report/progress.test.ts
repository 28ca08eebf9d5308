import { describe, expect, it } from 'vitest';
import { progressOn, progressText } from './progress.js';

const clocked = (isTerminal: boolean) => {
  let t = 0;
  const written: string[] = [];
  const p = progressOn(
    (s) => written.push(s),
    isTerminal,
    () => t,
  );
  return { p, written, at: (ms: number) => void (t = ms) };
};

describe('the progress line of a long report', () => {
  it('says how much of the history is read, in percent and MB', () => {
    expect(progressText(12_345_678, 27_000_000)).toBe('portsentry report: reading the history, 45% (12.3 of 27.0 MB)');
    expect(progressText(0, 0)).toBe('portsentry report: reading the history, 100% (0.0 of 0.0 MB)');
  });

  it('shows nothing in the first second, then at most every 250 ms, and is erased at the end', () => {
    const { p, written, at } = clocked(true);
    at(999);
    p.update(1, 10);
    at(1000);
    p.update(5, 10);
    at(1100);
    p.update(6, 10);
    at(1250);
    p.update(7, 10);
    p.finish();
    expect(written).toEqual([
      '\rportsentry report: reading the history, 50% (0.0 of 0.0 MB)\x1b[K',
      '\rportsentry report: reading the history, 70% (0.0 of 0.0 MB)\x1b[K',
      '\r\x1b[K',
    ]);
  });

  it('writes nothing at all when stderr is not a terminal, nor for a report done within the second', () => {
    const off = clocked(false);
    off.at(5000);
    off.p.update(1, 2);
    off.p.finish();
    const quick = clocked(true);
    quick.p.update(1, 2);
    quick.p.finish();
    expect([off.written, quick.written]).toEqual([[], []]);
  });
});
