import { describe, expect, it } from 'vitest';
import { blockedLine } from '../messages/legacy-messages.js';
import { parseBlockedLine } from './blocked-lines.js';

describe('parseBlockedLine', () => {
  it('reads back every field of a line WriteBlocked() writes', () => {
    const line = blockedLine(new Date(2026, 10, 25, 9, 5, 7), 'scanner.example', '127.0.0.2', 143, 'TCP').slice(0, -1);
    expect(parseBlockedLine(line, 3)).toEqual({
      epoch: Math.floor(new Date(2026, 10, 25, 9, 5, 7).getTime() / 1000),
      when: '11/25/2026 09:05:07',
      resolved: 'scanner.example',
      address: '127.0.0.2',
      port: 143,
      proto: 'TCP',
      line: 3,
    });
  });

  it('takes the address after the last slash and refuses other lines', () => {
    expect(parseBlockedLine('1 - 01/02/2003 04:05:06 Host: a/b/127.0.0.9 Port: 7 UDP Blocked', 1)).toMatchObject({
      resolved: 'a/b',
      address: '127.0.0.9',
    });
    expect(parseBlockedLine('1 - 01/02/2003 04:05:06 Host: 127.0.0.9 Port: 7 UDP Blocked', 1)).toBe(null);
    expect(parseBlockedLine('garbage', 1)).toBe(null);
  });
});

describe('parseBlockedLine on damaged lines (found by the fuzz suite)', () => {
  it('reads a line whose address is not a dotted quad as unparsed', () => {
    expect(parseBlockedLine('0 - 01/01/1970 00:00:00 Host: !/\u0000.0.0.0 Port: 0 TCP Blocked', 1)).toBeNull();
    expect(parseBlockedLine('0 - 01/01/1970 00:00:00 Host: x/0.0.0.00 Port: 0 TCP Blocked', 1)).toBeNull();
  });

  it('reads a torn line that the next line was written onto as unparsed, not as a mix of both', () => {
    const torn = '0 - 01/01/1970 00:00:00 Host: ';
    const next = '0 - 01/01/1970 00:00:00 Host: !/0.0.0.0 Port: 0 TCP Blocked';
    expect(parseBlockedLine(torn + next, 1)).toBeNull();
    expect(parseBlockedLine(next, 1)).not.toBeNull();
  });
});

describe('parseBlockedLine on the lines of IPv6 hosts (ENABLE_IPV6)', () => {
  it('reads back the canonical address the daemon writes, and any other text form as the canonical one', () => {
    const line = blockedLine(new Date(2026, 10, 25, 9, 5, 7), '2001:db8::99', '2001:db8::99', 143, 'TCP').slice(0, -1);
    expect(parseBlockedLine(line, 1)).toMatchObject({ resolved: '2001:db8::99', address: '2001:db8::99', port: 143 });
    expect(
      parseBlockedLine('1 - 01/02/2003 04:05:06 Host: h.example/2001:DB8:0:0::0099 Port: 7 UDP Blocked', 2),
    ).toMatchObject({ resolved: 'h.example', address: '2001:db8::99', proto: 'UDP', line: 2 });
    // an IPv4-mapped address is its IPv4 host
    expect(parseBlockedLine('1 - 01/02/2003 04:05:06 Host: x/::ffff:10.1.2.3 Port: 7 UDP Blocked', 1)).toMatchObject({
      address: '10.1.2.3',
    });
  });
  it('refuses an address field that is no IPv6 address', () => {
    for (const bad of ['2001:db8:::1', 'fe80::1%lo', ':', '1:2:3:4:5:6:7:8:9', '::1.2.3'])
      expect(parseBlockedLine(`1 - 01/02/2003 04:05:06 Host: x/${bad} Port: 7 UDP Blocked`, 1)).toBeNull();
  });
});
