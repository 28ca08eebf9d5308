import { describe, expect, it } from 'vitest';
import { plural, pluralWord } from './plural.js';

describe('plural', () => {
  it('gives the count with the noun in the number it takes', () => {
    expect([plural(0, 'host'), plural(1, 'host'), plural(2, 'line')]).toEqual(['0 hosts', '1 host', '2 lines']);
    expect([
      plural(1, 'KILL_ROUTE line is', 'KILL_ROUTE lines are'),
      plural(3, 'KILL_ROUTE line is', 'KILL_ROUTE lines are'),
    ]).toEqual(['1 KILL_ROUTE line is', '3 KILL_ROUTE lines are']);
  });
  it('gives the noun alone with pluralWord', () => {
    expect([pluralWord(1, 'line'), pluralWord(2, 'line')]).toEqual(['line', 'lines']);
  });
});
