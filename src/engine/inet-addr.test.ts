import { describe, expect, it } from 'vitest';
import { inetAddr, inetAton, inetNtoa, INADDR_NONE } from './inet-addr.js';

describe('inetAton', () => {
  it('reads the four-part dotted quad', () => {
    expect(inetNtoa(inetAton('192.168.1.20')!)).toBe('192.168.1.20');
  });
  it('reads the short forms glibc accepts', () => {
    expect(inetNtoa(inetAton('127.1')!)).toBe('127.0.0.1');
    expect(inetNtoa(inetAton('10.1.258')!)).toBe('10.1.1.2');
    expect(inetNtoa(inetAton('16777217')!)).toBe('1.0.0.1');
  });
  it('reads octal and hexadecimal parts', () => {
    expect(inetNtoa(inetAton('010.0.0.1')!)).toBe('8.0.0.1');
    expect(inetNtoa(inetAton('0x7f.0.0.1')!)).toBe('127.0.0.1');
  });
  it('rejects what glibc rejects', () => {
    for (const bad of ['', 'localhost', '::1', '1.2.3.4.5', '256.1.1.1', '08.1.1.1', '1.2.3.4x', '1.2.3.']) {
      expect(inetAton(bad), bad).toBeNull();
    }
  });
  it('accepts trailing white space and anything after it', () => {
    expect(inetNtoa(inetAton('1.2.3.4 junk')!)).toBe('1.2.3.4');
  });
});

describe('inetAddr', () => {
  it('returns all ones for text it cannot read', () => {
    expect(inetAddr('host.example')).toBe(INADDR_NONE);
  });
});
