import { describe, expect, it } from 'vitest';
import { blockedLine, usage } from './legacy-messages.js';

describe('blockedLine', () => {
  it('writes the history line in 1.2 format', () => {
    const d = new Date(2026, 10, 25, 9, 15, 47);
    expect(blockedLine(d, 'scanner', '127.0.0.2', 11, 'TCP')).toBe(
      `${Math.floor(d.getTime() / 1000)} - 11/25/2026 09:15:47 Host: scanner/127.0.0.2 Port: 11 TCP Blocked\n`,
    );
  });
});

describe('usage', () => {
  it('is the 1.2 usage text with its trailing space and blank lines', () => {
    expect(usage).toBe(
      'PortSentry - Port Scan Detector.\nCopyright 1997-2003 Craig H. Rowland <craigrowland at users dot sourceforget dot net>\nLicensing restrictions apply. Please see documentation\nVersion: 1.2\n\nusage: portsentry [-tcp -udp -stcp -atcp -sudp -audp]\n\n*** PLEASE READ THE DOCS BEFORE USING *** \n\n',
    );
  });
});
