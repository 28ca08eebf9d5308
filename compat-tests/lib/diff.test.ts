import { describe, expect, it } from 'vitest';
import { diffLines, diffOutcomes, lineHunks, splitLines } from './diff.js';
import { coveredBy } from './known.js';
import type { Outcome } from './types.js';

const base = (): Outcome => ({
  starts: [{ argv: ['-tcp'], stdout: '', stderr: '', exitCode: 0, signal: null }],
  syslog: ['<29>TIME portsentry[PID1]: a\n', '<29>TIME portsentry[PID2]: b\n', '<29>TIME portsentry[PID2]: c'],
  files: { '/var/lib/portsentry/portsentry.history': { type: 'file', mode: '0600', content: 'l1\nl2\n' } },
  scanners: [{ action: 0, proto: 'tcp', from: '127.1.2.3', port: 11, received: '', end: 'closed' }],
  alive: { PID1: false, PID2: true },
  leaders: { PID2: true },
  running: 1,
  harness: [],
  info: { programs: [], steps: [] },
});

describe('diffLines', () => {
  it('keeps the longest common subsequence and marks the rest', () => {
    expect(diffLines(['a', 'b', 'c'], ['a', 'x', 'c'])).toEqual([
      { kind: 'same', line: 'a' },
      { kind: 'ref', line: 'b' },
      { kind: 'ours', line: 'x' },
      { kind: 'same', line: 'c' },
    ]);
  });
});

describe('lineHunks', () => {
  it('gives one hunk per run of changes with a line of context on each side, lines JSON-quoted', () => {
    expect(lineHunks(['a', 'b', 'c', 'd', 'e'], ['a', 'B', 'c', 'd', 'e', 'f'])).toEqual([
      '  "a"\n- "b"\n+ "B"\n  "c"',
      '  "e"\n+ "f"',
    ]);
  });
});

describe('splitLines', () => {
  it('keeps each newline so that a missing final newline is a difference', () => {
    expect(splitLines('a\nb')).toEqual(['a\n', 'b']);
    expect(splitLines('a\nb\n')).toEqual(['a\n', 'b\n']);
    expect(splitLines('')).toEqual([]);
  });
});

describe('diffOutcomes', () => {
  it('finds nothing between identical outcomes', () => {
    expect(diffOutcomes(base(), base())).toEqual([]);
  });

  it('ignores the info field (timings, program paths)', () => {
    const ours = base();
    ours.info = { programs: ['/usr/bin/node'], steps: [{ step: 'start', ms: 5 }] };
    expect(diffOutcomes(base(), ours)).toEqual([]);
  });

  it('reports a changed syslog line, a changed file mode and content, and the exit status', () => {
    const ours = base();
    ours.syslog[1] = '<29>TIME portsentry[PID2]: B\n';
    ours.files['/var/lib/portsentry/portsentry.history'] = { type: 'file', mode: '0644', content: 'l1\nl2' };
    ours.starts[0]!.exitCode = 1;
    expect(diffOutcomes(base(), ours)).toEqual([
      { field: 'starts[0].exit', text: '- {"code":0,"signal":null}\n+ {"code":1,"signal":null}' },
      {
        field: 'syslog',
        text: '  "<29>TIME portsentry[PID1]: a\\n"\n- "<29>TIME portsentry[PID2]: b\\n"\n+ "<29>TIME portsentry[PID2]: B\\n"\n  "<29>TIME portsentry[PID2]: c"',
      },
      { field: 'files./var/lib/portsentry/portsentry.history.mode', text: '- "0600"\n+ "0644"' },
      { field: 'files./var/lib/portsentry/portsentry.history.content', text: '  "l1\\n"\n- "l2\\n"\n+ "l2"' },
    ]);
  });

  it('reports a file present on one side only, with its content', () => {
    const ours = base();
    ours.files['/etc/hosts.deny'] = { type: 'file', mode: '0600', content: 'ALL: 127.1.2.3\n' };
    expect(diffOutcomes(base(), ours)).toEqual([
      { field: 'files./etc/hosts.deny', text: '- absent\n+ file' },
      { field: 'files./etc/hosts.deny.content', text: '+ "ALL: 127.1.2.3\\n"' },
    ]);
  });

  it('reports what a scanner received and whether the daemon is alive', () => {
    const ours = base();
    ours.scanners[0]!.received = 'banner';
    ours.alive = { PID1: false, PID2: false };
    ours.leaders = {};
    ours.running = 0;
    expect(diffOutcomes(base(), ours).map((d) => d.field)).toEqual(['scanners[0]', 'alive', 'leaders', 'running']);
  });
});

describe('coveredBy', () => {
  const known = [{ id: 'k1', scenario: /^trigger\//, field: /^syslog$/, text: /capacity of/, what: 'w', reason: 'r' }];

  it('matches on scenario, field and text together', () => {
    expect(coveredBy('trigger/sixty', { field: 'syslog', text: '- "capacity of 0"' }, known)?.id).toBe('k1');
    expect(coveredBy('trigger/sixty', { field: 'syslog', text: '- "other"' }, known)).toBeUndefined();
    expect(coveredBy('tcp/basic', { field: 'syslog', text: '- "capacity of 0"' }, known)).toBeUndefined();
    expect(coveredBy('trigger/sixty', { field: 'starts[0].stdout', text: 'capacity of' }, known)).toBeUndefined();
  });
});

describe('the command-descriptors known difference', () => {
  const field = 'files./var/lib/portsentry/out.content';
  const scenario = 'responses/command-descriptors';

  it('covers descriptors only 1.2 passes on, whatever descriptors the shell holds itself', async () => {
    const { knownDifferences } = await import('../known-differences.js');
    const cover = (text: string) => coveredBy(scenario, { field, text }, knownDifferences)?.id;
    expect(cover('  "251\\n"\n- "3\\n"')).toBe('command-descriptors');
    expect(cover('  "2\\n"\n- "3\\n"')).toBe('command-descriptors');
    expect(cover('  "2\\n"\n- "3\\n"\n- "4\\n"')).toBe('command-descriptors');
  });

  it('does not cover a descriptor that only ours passes on', async () => {
    const { knownDifferences } = await import('../known-differences.js');
    const cover = (text: string) => coveredBy(scenario, { field, text }, knownDifferences)?.id;
    expect(cover('  "2\\n"\n+ "3\\n"')).toBeUndefined();
    expect(cover('  "2\\n"\n- "3\\n"\n+ "4\\n"')).toBeUndefined();
  });
});
