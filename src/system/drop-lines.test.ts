import { describe, expect, it } from 'vitest';
import { dropLines } from './drop-lines.js';

describe('dropLines', () => {
  const isB = (line: string) => line.startsWith('b');
  it('drops the picked lines and keeps every other byte, CRs and empty lines included', () => {
    expect(dropLines('a\nb1\n\r\nb2\nc \n', isB)).toEqual({ text: 'a\n\r\nc \n', removed: ['b1', 'b2'] });
  });
  it('keeps a final line without its newline as it is, and drops it when picked', () => {
    expect(dropLines('a\nc', isB)).toEqual({ text: 'a\nc', removed: [] });
    expect(dropLines('a\nb', isB)).toEqual({ text: 'a\n', removed: ['b'] });
  });
  it('never asks about the empty text after a final newline', () => {
    const asked: string[] = [];
    dropLines('a\n', (line) => (asked.push(line), false));
    expect(asked).toEqual(['a']);
    expect(dropLines('', () => true)).toEqual({ text: '', removed: [] });
  });
});
