import { describe, expect, it } from 'vitest';
import { portListText, portSetText, watchedCount } from './port-text.js';

describe('ports as status shows them', () => {
  it('gives a list as ranges with its count', () => {
    expect(portSetText({ kind: 'list', ports: [81, 1, 79, 80, 11] })).toBe('1, 11, 79-81 (5 ports)');
    expect(portSetText({ kind: 'list', ports: [7] })).toBe('7 (1 port)');
    expect(portSetText({ kind: 'list', ports: [] })).toBe('none');
  });

  it('gives the advanced modes as the ports below the limit but those left out', () => {
    expect(portSetText({ kind: 'below', limit: 1024, except: [22, 111, 112] })).toBe(
      '0-1023 but 22, 111-112 (1021 ports)',
    );
    expect(portSetText({ kind: 'below', limit: 1, except: [] })).toBe('0 (1 port)');
    expect(portSetText({ kind: 'all' })).toBe('every port (65536 ports)');
    expect(watchedCount({ kind: 'below', limit: 100, except: [11, 80] })).toBe(98);
  });

  it('gives the skipped ports as ranges, or none', () => {
    expect([portListText([25, 22, 23]), portListText([])]).toEqual(['22-23, 25', 'none']);
  });
});
