import { describe, expect, it } from 'vitest';
import { boundPortNumber, parsePortList } from './port-list.js';

describe('parsePortList', () => {
  it('reads each comma-separated piece with atoi and skips empty pieces', () => {
    expect(parsePortList('1,,2,abc,3x, 4').ports).toEqual([1, 2, 0, 3, 4]);
  });
  it('keeps at most 64 ports', () => {
    const list = Array.from({ length: 70 }, (_, i) => String(i + 1)).join(',');
    const parsed = parsePortList(list);
    expect(parsed.ports).toHaveLength(64);
    expect(parsed.ports.at(-1)).toBe(64);
    expect(parsed.pieces).toHaveLength(70);
  });
  it('returns no ports for an empty list or commas only', () => {
    expect(parsePortList('').ports).toEqual([]);
    expect(parsePortList(',,').ports).toEqual([]);
  });
});

describe('boundPortNumber', () => {
  it('keeps the low 16 bits as htons does', () => {
    expect(boundPortNumber(70000)).toBe(4464);
    expect(boundPortNumber(65536)).toBe(0);
    expect(boundPortNumber(-1)).toBe(65535);
  });
});
