import { afterEach, describe, expect, it, vi } from 'vitest';
import { wholeArgument, wholeNumber } from './arguments.js';

describe('wholeNumber', () => {
  it('gives the default when the argument is absent', () => {
    expect(wholeNumber('RUNS', undefined, 5, 1000)).toBe(5);
  });

  it('gives a whole number from 1 to the maximum', () => {
    expect([
      wholeNumber('RUNS', '1', 5, 1000),
      wholeNumber('RUNS', '1000', 5, 1000),
      wholeNumber('COUNT', '62500', 5000, 62500),
    ]).toEqual([1, 1000, 62500]);
  });

  it.each(['0', '1001', '007', '-3', '2.5', '1e3', 'abc', '', ' 7'])(
    'refuses "%s", naming the argument and the range',
    (text) => {
      expect(() => wholeNumber('RUNS', text, 5, 1000)).toThrow(
        new Error(`RUNS: expected a whole number from 1 to 1000, found "${text}"`),
      );
    },
  );
});

describe('wholeArgument', () => {
  afterEach(() => vi.restoreAllMocks());

  it('ends the benchmark with exit 2 and one line naming it for a refused argument', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const exit = vi.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`exit ${String(code)}`);
    });
    expect(() => wholeArgument('startup-memory', 'FLOODS', 'many', 4, 1000)).toThrow('exit 2');
    expect(stderr.mock.calls).toEqual([
      ['startup-memory: FLOODS: expected a whole number from 1 to 1000, found "many"\n'],
    ]);
    expect(exit.mock.calls).toEqual([[2]]);
  });

  it('gives an accepted argument back without writing anything', () => {
    const stderr = vi.spyOn(process.stderr, 'write');
    expect(wholeArgument('stealth-burst', 'COUNT', '300', 5000, 62500)).toBe(300);
    expect(stderr).not.toHaveBeenCalled();
  });
});
