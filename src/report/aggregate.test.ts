import { describe, expect, it } from 'vitest';
import { blockedLine } from '../messages/legacy-messages.js';
import { HistoryAggregate } from './aggregate.js';
import { LineSplitter } from './line-splitter.js';

const META = {
  config: 'c',
  historyFile: 'h',
  blockingNow: { BLOCK_TCP: 1, BLOCK_UDP: 1 },
  since: null,
  generatedEpoch: 0,
};
const at = (iso: string): Date => new Date(iso);

const aggregate = (text: string, sourcesKept: number, fromEpoch: number | null = null, nowEpoch = 0) => {
  const a = new HistoryAggregate({ fromEpoch, nowEpoch, top: 10, sourcesKept });
  const f = a.startFile('h', false);
  const s = new LineSplitter((l) => a.line(l, f));
  s.push(Buffer.from(text, 'latin1'));
  s.end();
  return a.result(META);
};

describe('HistoryAggregate', () => {
  it('says the sources are approximate once more addresses came than it keeps, with each count bounded', () => {
    const text = [
      blockedLine(at('2026-01-02T10:00:00'), '127.0.0.2', '127.0.0.2', 80, 'TCP'),
      blockedLine(at('2026-01-02T10:00:01'), '127.0.0.2', '127.0.0.2', 81, 'TCP'),
      blockedLine(at('2026-01-02T10:00:02'), '127.0.0.3', '127.0.0.3', 80, 'TCP'),
      blockedLine(at('2026-01-02T10:00:03'), '127.0.0.4', '127.0.0.4', 80, 'UDP'),
    ].join('');
    const r = aggregate(text, 2);
    expect([r.sources.distinct, r.sources.exact, r.sources.kept]).toEqual([3, false, 2]);
    expect(r.sources.top.map((s) => [s.address, s.count, s.countError, s.ports])).toEqual([
      ['127.0.0.2', 2, 0, ['80/TCP', '81/TCP']],
      ['127.0.0.4', 2, 1, ['80/UDP']],
    ]);
    // the ports are exact all the same
    expect(r.ports.top).toEqual([
      { proto: 'TCP', port: 80, count: 2 },
      { proto: 'UDP', port: 80, count: 1 },
      { proto: 'TCP', port: 81, count: 1 },
    ]);
  });

  it('lists every day between the first and the last, with 0 for the days without a block', () => {
    const text = [
      blockedLine(at('2026-02-27T10:00:00'), 'a', '127.0.0.2', 80, 'TCP'),
      blockedLine(at('2026-03-02T10:00:00'), 'a', '127.0.0.2', 80, 'UDP'),
    ].join('');
    expect(aggregate(text, 10).days).toEqual([
      { date: '2026-02-27', tcp: 1, udp: 0 },
      { date: '2026-02-28', tcp: 0, udp: 0 },
      { date: '2026-03-01', tcp: 0, udp: 0 },
      { date: '2026-03-02', tcp: 0, udp: 1 },
    ]);
  });

  it('reads a port outside 0-65535 or a month 13 as not a history line', () => {
    const r = aggregate(
      '1767340800 - 01/02/2026 08:00:00 Host: a/127.0.0.2 Port: 70000 TCP Blocked\n' +
        '1767340800 - 13/02/2026 08:00:00 Host: a/127.0.0.2 Port: 80 TCP Blocked\n',
      10,
    );
    expect([r.lines.history, r.lines.unreadable.count, r.lines.unreadable.byReason.other]).toEqual([0, 2, 2]);
  });

  it('with no history line gives empty figures, not an error', () => {
    const r = aggregate('', 10);
    expect([r.lines.read, r.blocks, r.days, r.sources.top, r.ports.top]).toEqual([
      0,
      { total: 0, tcp: 0, udp: 0, first: null, last: null },
      [],
      [],
      [],
    ]);
  });
});
