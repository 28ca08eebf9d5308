import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout } from '../../test-support/fuzz.js';
import { blockedLine } from '../messages/legacy-messages.js';
import { HistoryAggregate } from './aggregate.js';
import { LineSplitter } from './line-splitter.js';

const latin1 = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 120 });
const historyLine = fc
  .record({
    when: fc.date({ min: new Date(0), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }),
    address: fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((q) => q.join('.')),
    port: fc.nat(0xffff),
    proto: fc.constantFrom<'TCP' | 'UDP'>('TCP', 'UDP'),
  })
  .map((f) => blockedLine(f.when, f.address, f.address, f.port, f.proto));
// history lines, junk, and history lines cut anywhere (torn writes)
const piece = fc.oneof(
  historyLine,
  latin1,
  fc.tuple(historyLine, fc.nat()).map(([l, n]) => l.slice(0, n % l.length)),
);

describe('HistoryAggregate over any lines, fuzzed', () => {
  it(
    'never throws, and every line is counted once: as a block, before the period, or not read',
    () => {
      fc.assert(
        fc.property(
          fc.array(piece, { maxLength: 40 }),
          fc.option(fc.nat(4_000_000_000)),
          fc.integer({ min: 1, max: 3 }),
          (pieces, from, kept) => {
            const a = new HistoryAggregate({ fromEpoch: from, nowEpoch: 4_000_000_000, top: 5, sourcesKept: kept });
            const f = a.startFile('fuzz', false);
            const s = new LineSplitter((l) => a.line(l, f));
            s.push(Buffer.from(pieces.join(''), 'latin1'));
            s.end();
            const r = a.result({
              config: 'c',
              historyFile: 'h',
              blockingNow: { BLOCK_TCP: 0, BLOCK_UDP: 0 },
              since: null,
              generatedEpoch: 0,
            });
            expect(r.lines.history + r.lines.unreadable.count).toBe(r.lines.read);
            expect(r.blocks.total + r.lines.beforePeriod).toBe(r.lines.history);
            expect(r.blocks.tcp + r.blocks.udp).toBe(r.blocks.total);
            expect(r.days.reduce((n, d) => n + d.tcp + d.udp, 0) + r.daysNotListed).toBe(r.blocks.total);
            expect(r.sources.top.length).toBeLessThanOrEqual(kept);
            for (const src of r.sources.top) expect(src.count - src.countError).toBeGreaterThan(0);
          },
        ),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );
});
