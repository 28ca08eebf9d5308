import { describe, expect, it } from 'vitest';
import { atoi, fgetsChunks, isPrint, strtokCommas } from './c-compat.js';

describe('atoi', () => {
  it('reads leading digits and stops at the first other character', () => {
    expect(atoi('2abc')).toBe(2);
    expect(atoi('abc')).toBe(0);
    expect(atoi('')).toBe(0);
  });
  it('skips leading white space and takes a sign', () => {
    expect(atoi(' \t 42')).toBe(42);
    expect(atoi('-7')).toBe(-7);
    expect(atoi('+9')).toBe(9);
  });
  it('keeps the low 32 bits of the long strtol returns, as glibc does', () => {
    expect(atoi('4294967296')).toBe(0);
    expect(atoi('4294967297')).toBe(1);
    expect(atoi('2147483648')).toBe(-2147483648);
  });
  it('saturates at the 64-bit limit before truncating, as strtol does', () => {
    expect(atoi('99999999999999999999999')).toBe(-1);
    expect(atoi('-99999999999999999999999')).toBe(0);
  });
});

describe('isPrint', () => {
  it('accepts 0x20 to 0x7e and nothing else, as the C locale does', () => {
    expect(isPrint(' ')).toBe(true);
    expect(isPrint('~')).toBe(true);
    expect(isPrint('\t')).toBe(false);
    expect(isPrint('\r')).toBe(false);
    expect(isPrint('\x7f')).toBe(false);
    expect(isPrint('\xe9')).toBe(false);
  });
});

describe('fgetsChunks', () => {
  it('splits the file after each newline and keeps line numbers', () => {
    expect([...fgetsChunks('a\nbb\nc')]).toEqual([
      { raw: 'a\n', line: 1, column: 1 },
      { raw: 'bb\n', line: 2, column: 1 },
      { raw: 'c', line: 3, column: 1 },
    ]);
  });
  it('cuts a line longer than 1023 bytes into pieces of the same line', () => {
    const pieces = [...fgetsChunks(`${'x'.repeat(2000)}\ny\n`)];
    expect(pieces.map((p) => [p.raw.length, p.line, p.column])).toEqual([
      [1023, 1, 1],
      [978, 1, 1024],
      [2, 2, 1],
    ]);
  });
});

describe('strtokCommas', () => {
  it('drops empty pieces between, before and after commas', () => {
    expect(strtokCommas(',1,,2,')).toEqual(['1', '2']);
    expect(strtokCommas(',')).toEqual([]);
  });
});
