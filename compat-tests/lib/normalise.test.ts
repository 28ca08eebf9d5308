import { describe, expect, it } from 'vitest';
import {
  normaliseBlockedLine,
  normaliseDatagram,
  normaliseFileContent,
  normaliseOutcome,
  PidNames,
} from './normalise.js';
import type { RawOutcome } from './types.js';

// 2026-11-25 09:02:58 UTC
const T = Date.UTC(2026, 10, 25, 9, 2, 58) / 1000;
const window = { from: T - 1, to: T + 5 };

describe('normaliseDatagram', () => {
  it('replaces the time and numbers pids by first appearance', () => {
    const pids = new PidNames();
    expect(
      normaliseDatagram(
        '<29>Nov 25 09:02:58 portsentry[1234]: adminalert: PortSentry 1.2 is starting.\n',
        pids,
        window,
      ),
    ).toBe('<29>TIME portsentry[PID1]: adminalert: PortSentry 1.2 is starting.\n');
    expect(normaliseDatagram('<29>Nov 25 09:02:59 portsentry[1240]: x', pids, window)).toBe(
      '<29>TIME portsentry[PID2]: x',
    );
    expect(normaliseDatagram('<29>Nov 25 09:03:00 portsentry[1234]: y', pids, window)).toBe(
      '<29>TIME portsentry[PID1]: y',
    );
  });

  it('reads a day below 10 padded with a space, as glibc writes it', () => {
    const w = { from: Date.UTC(2026, 0, 5, 0, 0, 0) / 1000, to: Date.UTC(2026, 0, 5, 0, 0, 9) / 1000 };
    expect(normaliseDatagram('<29>Jan  5 00:00:03 portsentry[7]: z', new PidNames(), w)).toBe(
      '<29>TIME portsentry[PID1]: z',
    );
  });

  it('keeps a time outside the run so that a wrong clock or time zone shows in the diff', () => {
    expect(normaliseDatagram('<29>Nov 25 10:02:58 portsentry[1]: a', new PidNames(), window)).toBe(
      '<29>Nov 25 10:02:58 portsentry[PID1]: a',
    );
  });

  it('keeps a time that names no real second', () => {
    expect(normaliseDatagram('<29>Nov 31 09:02:58 portsentry[1]: a', new PidNames(), window)).toBe(
      '<29>Nov 31 09:02:58 portsentry[PID1]: a',
    );
  });

  it('keeps the priority and every byte after the header', () => {
    expect(normaliseDatagram('<13>Nov 25 09:02:58 portsentry[5]: \x00\xff\t\n', new PidNames(), window)).toBe(
      '<13>TIME portsentry[PID1]: \x00\xff\t\n',
    );
  });

  it('leaves a datagram without a syslog header as it is', () => {
    expect(normaliseDatagram('portsentry[5]: text', new PidNames(), window)).toBe('portsentry[5]: text');
  });
});

describe('normaliseBlockedLine', () => {
  it('replaces the epoch and date of a blocked line when they agree and fall in the run', () => {
    expect(
      normaliseBlockedLine(`${T} - 11/25/2026 09:02:58 Host: 127.1.2.3/127.1.2.3 Port: 11 TCP Blocked`, window),
    ).toBe('EPOCH - MM/DD/YYYY HH:MM:SS Host: 127.1.2.3/127.1.2.3 Port: 11 TCP Blocked');
  });

  it('keeps a line whose date is not its epoch in UTC', () => {
    const line = `${T} - 11/25/2026 10:02:58 Host: a/b Port: 1 TCP Blocked`;
    expect(normaliseBlockedLine(line, window)).toBe(line);
  });

  it('keeps a line from before the run (pre-existing history)', () => {
    const line = '1000000000 - 09/09/2001 01:46:40 Host: 127.9.9.9/127.9.9.9 Port: 11 TCP Blocked';
    expect(normaliseBlockedLine(line, window)).toBe(line);
  });

  it('normalises each line of a file and keeps the final newline', () => {
    expect(normaliseFileContent(`x\n${T} - 11/25/2026 09:02:58 Host: h/t Port: 1 UDP Blocked\n`, window)).toBe(
      'x\nEPOCH - MM/DD/YYYY HH:MM:SS Host: h/t Port: 1 UDP Blocked\n',
    );
  });
});

describe('normaliseOutcome', () => {
  it('lists live pids by name even when the pids wrapped round between the two processes', () => {
    const raw: RawOutcome = {
      starts: [],
      syslog: ['<29>Nov 25 09:02:58 portsentry[32765]: a', '<29>Nov 25 09:02:58 portsentry[300]: b'],
      files: {},
      scanners: [],
      alive: { '300': true, '32765': false },
      leaders: { '300': true },
      running: 1,
      harness: [],
      window,
      info: { programs: [], steps: [] },
    };
    expect(JSON.stringify(normaliseOutcome(raw).alive)).toBe('{"PID1":false,"PID2":true}');
    expect(normaliseOutcome(raw).leaders).toEqual({ PID2: true });
  });

  it('names live pids as the syslog does, drops the invoking pid, and touches nothing else', () => {
    const raw: RawOutcome = {
      starts: [{ argv: ['-tcp'], stdout: 'out', stderr: '', exitCode: 0, signal: null, pid: 99 }],
      syslog: ['<29>Nov 25 09:02:58 portsentry[99]: a', '<29>Nov 25 09:02:58 portsentry[100]: b'],
      files: { '/etc/hosts.deny': { type: 'file', mode: '0600', content: 'ALL: 127.1.2.3\n' }, '/x': null },
      scanners: [{ action: 0, proto: 'tcp', from: '127.1.2.3', port: 11, received: 'banner', end: 'closed' }],
      alive: { '99': false, '100': true },
      leaders: { '100': true },
      running: 1,
      harness: [],
      window,
      info: { programs: [], steps: [] },
    };
    const o = normaliseOutcome(raw);
    expect(o.starts).toEqual([{ argv: ['-tcp'], stdout: 'out', stderr: '', exitCode: 0, signal: null }]);
    expect(o.syslog).toEqual(['<29>TIME portsentry[PID1]: a', '<29>TIME portsentry[PID2]: b']);
    expect(o.alive).toEqual({ PID1: false, PID2: true });
    expect(o.files).toEqual(raw.files);
    expect(o.scanners).toEqual(raw.scanners);
  });
});
