import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it("accepts nft's duration syntax and returns nft's spelling of it", () => {
    expect(['1h', '30m', '2d', '90m', '3600s', '1d12h', '1h30m15s', '1s500ms'].map((d) => parseDuration(d))).toEqual([
      { ok: true, ms: 3_600_000, text: '1h' },
      { ok: true, ms: 1_800_000, text: '30m' },
      { ok: true, ms: 172_800_000, text: '2d' },
      { ok: true, ms: 5_400_000, text: '1h30m' },
      { ok: true, ms: 3_600_000, text: '1h' },
      { ok: true, ms: 129_600_000, text: '1d12h' },
      { ok: true, ms: 5_415_000, text: '1h30m15s' },
      { ok: true, ms: 1500, text: '1s500ms' },
    ]);
  });

  it('names the input and the expected form when it refuses one', () => {
    const syntax = (s: string) =>
      `expected an nft duration such as 30m, 1h, 2d or 1h30m (units d, h, m, s, ms, largest first), found ${JSON.stringify(s)}`;
    expect(parseDuration('1 hour')).toEqual({ ok: false, why: syntax('1 hour') });
    expect(parseDuration('30')).toEqual({ ok: false, why: syntax('30') });
    expect(parseDuration('1m1h')).toEqual({ ok: false, why: syntax('1m1h') });
    expect(parseDuration('')).toEqual({ ok: false, why: syntax('') });
    expect(parseDuration('-1h')).toEqual({ ok: false, why: syntax('-1h') });
    expect(parseDuration('0s')).toEqual({ ok: false, why: 'expected a duration of at least 1s, found "0s"' });
    expect(parseDuration('999ms')).toEqual({ ok: false, why: 'expected a duration of at least 1s, found "999ms"' });
    expect(parseDuration('3651d')).toEqual({ ok: false, why: 'expected a duration of at most 3650d, found "3651d"' });
  });

  it('spells milliseconds as nft does', () => {
    expect([86_400_000, 90_061_001, 60_000].map(formatDuration)).toEqual(['1d', '1d1h1m1s1ms', '1m']);
  });
});
