import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout } from '../../test-support/fuzz.js';
import { ahHeader, fragmentHeader, ip6Packet, optionsHeader, type ExtHeader } from '../../test-support/test-packets.js';
import { ipv6Text } from '../engine/ipv6-address.js';
import type { Proto } from './packet-decode.js';
import { decodeIpv6, MAX_HEADERS, SKIPS6, type Decoded6 } from './packet-decode6.js';
import { PacketDetector6 } from './packet-detector6.js';
import { newIpv6Counters, REJECTIONS6 } from './ipv6-counters.js';
import type { Settings } from '../config/settings.js';

const proto = fc.constantFrom<Proto>('TCP', 'UDP');

/** the declared shape of a decoding, field by field */
const expectShape = (d: Decoded6, asked: Proto): void => {
  if (d.kind === 'skip') {
    expect(Object.keys(d).sort()).toEqual(['kind', 'why']);
    expect(SKIPS6).toContain(d.why);
    return;
  }
  expect(d.kind).toBe('packet');
  expect(Object.keys(d).sort()).toEqual(['dport', 'flags', 'headers', 'kind', 'proto', 'source']);
  expect(d.proto).toBe(asked);
  expect(Number.isInteger(d.dport) && d.dport >= 0 && d.dport <= 0xffff).toBe(true);
  expect(Number.isInteger(d.flags) && d.flags >= 0 && d.flags <= 0xff).toBe(true);
  expect(Number.isInteger(d.headers) && d.headers >= 0 && d.headers <= MAX_HEADERS).toBe(true);
  if (asked === 'UDP') expect(d.flags).toBe(0);
};

/** any of the headers the decoder walks, with any length it allows and a first-fragment header */
const walkable: fc.Arbitrary<ExtHeader> = fc.oneof(
  fc
    .record({ t: fc.constantFrom<0 | 43 | 60>(43, 60), len: fc.integer({ min: 0, max: 6 }) })
    .map(({ t, len }) => optionsHeader(t, len)),
  fc.integer({ min: 0, max: 12 }).map((len) => ahHeader(len)),
  fc.boolean().map((more) => fragmentHeader(0, more)),
);

const built = fc.record({
  proto,
  hopByHop: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  rest: fc.array(walkable, { maxLength: MAX_HEADERS - 1 }),
  source: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 16, maxLength: 16 }),
  dport: fc.integer({ min: 0, max: 0xffff }),
  flags: fc.integer({ min: 0, max: 0xff }),
});

describe('decodeIpv6 on any bytes', () => {
  it(
    'never throws, never reads outside [start, end), and answers in the declared shape',
    () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 700 }),
          fc.nat(710),
          fc.nat(710),
          proto,
          fc.boolean(),
          (bytes, a, z, p, v6) => {
            const buf = Buffer.from(bytes);
            if (v6 && buf.length > 0) buf[0] = (buf[0]! & 0x0f) | 0x60;
            const start = Math.min(a, z);
            const end = Math.max(a, z);
            const d = decodeIpv6(buf, start, end, p);
            expectShape(d, p);
            // the bytes outside the window do not matter
            const copy = Buffer.from(buf);
            for (let i = 0; i < copy.length; i++) if (i < start || i >= end) copy[i] = copy[i]! ^ 0xff;
            expect(decodeIpv6(copy, start, end, p)).toEqual(d);
          },
        ),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );
});

describe('decodeIpv6 on well-formed chains', () => {
  it(
    'finds the built transport fields after any chain of at most 8 walkable headers, hop-by-hop first',
    () => {
      fc.assert(
        fc.property(built, (b) => {
          const headers = [...(b.hopByHop === undefined ? [] : [optionsHeader(0, b.hopByHop)]), ...b.rest];
          const pkt = ip6Packet({
            proto: b.proto === 'TCP' ? 6 : 17,
            headers,
            source: b.source,
            dport: b.dport,
            flags: b.flags,
          });
          expect(decodeIpv6(pkt, 0, pkt.length, b.proto)).toEqual({
            kind: 'packet',
            proto: b.proto,
            source: ipv6Text(Uint8Array.from(b.source)),
            dport: b.dport,
            flags: b.proto === 'TCP' ? b.flags : 0,
            headers: headers.length,
          });
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );
  it(
    'decodes any prefix of a packet either as the whole packet or as truncated (a chain longer than the capture)',
    () => {
      fc.assert(
        fc.property(built, fc.nat(400), (b, cut) => {
          const pkt = ip6Packet({ proto: b.proto === 'TCP' ? 6 : 17, headers: b.rest, dport: b.dport, flags: b.flags });
          const whole = decodeIpv6(pkt, 0, pkt.length, b.proto);
          const part = decodeIpv6(pkt, 0, Math.min(cut, pkt.length), b.proto);
          if (part.kind === 'packet') expect(part).toEqual(whole);
          else expect(part).toEqual({ kind: 'skip', why: 'truncated' });
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );
  it(
    'skips a later fragment wherever it stands in the chain, whatever its offset',
    () => {
      fc.assert(
        fc.property(built, fc.integer({ min: 1, max: 0x1fff }), fc.boolean(), fc.nat(), (b, offset, more, at) => {
          const headers = [...b.rest];
          headers.splice(at % (headers.length + 1), 0, fragmentHeader(offset, more));
          const pkt = ip6Packet({ proto: b.proto === 'TCP' ? 6 : 17, headers });
          expect(decodeIpv6(pkt, 0, pkt.length, b.proto)).toEqual({ kind: 'skip', why: 'later-fragment' });
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );
});

describe('PacketDetector6.onIpv6 on any bytes', () => {
  it(
    'counts every packet once: as a hit handed on or under exactly one reason',
    () => {
      const queued: [string, number, number][] = [];
      const d = new PacketDetector6(
        { mode: 'stcp' } as Settings,
        { enqueue6: (s, p, f) => void queued.push([s, p, f]) },
        () => undefined,
        { proto: 'TCP', ports: { kind: 'below', limit: 1024, except: [] } },
        newIpv6Counters(),
      );
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, v6) => {
          const buf = Buffer.from(bytes);
          if (v6 && buf.length > 0) buf[0] = (buf[0]! & 0x0f) | 0x60;
          const c = d.counters;
          const before = c.captured;
          const rejectedBefore = REJECTIONS6.reduce((n, r) => n + c.rejected[r], 0);
          const queuedBefore = queued.length;
          d.onIpv6(buf, 0, buf.length);
          const rejected = REJECTIONS6.reduce((n, r) => n + c.rejected[r], 0) - rejectedBefore;
          expect(c.captured - before).toBe(1);
          expect(rejected + queued.length - queuedBefore).toBe(1);
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );
});
