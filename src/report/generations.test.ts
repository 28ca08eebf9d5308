import { describe, expect, it } from 'vitest';
import { findGenerations } from './generations.js';

const on = (paths: string[]) => (p: string) => paths.includes(p);

describe('findGenerations, the history and what logrotate left of it', () => {
  it('lists them oldest first: FILE.N.gz ... FILE.2.gz, FILE.1, FILE', () => {
    expect(findGenerations('/h', on(['/h', '/h.1', '/h.2.gz', '/h.3.gz']))).toEqual([
      { path: '/h.3.gz', compressed: true },
      { path: '/h.2.gz', compressed: true },
      { path: '/h.1', compressed: false },
      { path: '/h', compressed: false },
    ]);
  });

  it('reads plain generations (nocompress) and steps over a missing number or two', () => {
    expect(findGenerations('/h', on(['/h.1', '/h.2', '/h.5'])).map((g) => g.path)).toEqual(['/h.5', '/h.2', '/h.1']);
  });

  it('stops after three missing numbers in a row, and finds nothing where nothing is', () => {
    expect(findGenerations('/h', on(['/h', '/h.5']))).toEqual([{ path: '/h', compressed: false }]);
    expect(findGenerations('/h', on([]))).toEqual([]);
  });
});
