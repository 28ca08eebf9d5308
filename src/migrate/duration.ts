/**
 * --block-timeout: nft's duration syntax (nft(8): "1d2h3m4s5ms", units in that order, each at
 * most once). Returned in nft's canonical spelling so that "60m" and "1h" are the same setting.
 */
const MAX_TIMEOUT_MS = 3650 * 86_400_000;

const UNITS: [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];

type DurationParse = { ok: true; ms: number; text: string } | { ok: false; why: string };

export const parseDuration = (input: string): DurationParse => {
  const m = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(input);
  if (input === '' || m === null) {
    return {
      ok: false,
      why: `expected an nft duration such as 30m, 1h, 2d or 1h30m (units d, h, m, s, ms, largest first), found ${JSON.stringify(input)}`,
    };
  }
  let ms = 0;
  m.slice(1).forEach((n, i) => {
    if (n !== undefined) ms += Number(n) * UNITS[i]![1];
  });
  if (ms < 1000) return { ok: false, why: `expected a duration of at least 1s, found ${JSON.stringify(input)}` };
  if (ms > MAX_TIMEOUT_MS)
    return { ok: false, why: `expected a duration of at most 3650d, found ${JSON.stringify(input)}` };
  return { ok: true, ms, text: formatDuration(ms) };
};

/** nft's spelling of a duration: 90m -> 1h30m, 86400s -> 1d. */
export const formatDuration = (ms: number): string => {
  let rest = ms;
  let out = '';
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) out += `${n}${unit}`;
  }
  return out;
};
