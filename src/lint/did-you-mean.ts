/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
export const editDistance = (a: string, b: string): number => {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
};

/** A name as an admin may have meant it: upper case, spaces, dots and hyphens read as '_'. */
const normalizeName = (name: string): string =>
  name
    .trim()
    .toUpperCase()
    .replace(/[\s.-]+/g, '_');

/**
 * The known name closest to `name` (KILL_ROUTES -> KILL_ROUTE, BLOCK_TCPP -> BLOCK_TCP,
 * "TCP PORTS" -> TCP_PORTS, tcp_ports -> TCP_PORTS), or null when none is near enough.
 */
export const didYouMean = (name: string, known: readonly string[]): string | null => {
  const wanted = normalizeName(name);
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(wanted, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === null) return null;
  const allowed = Math.max(1, Math.min(3, Math.floor(best.length / 4)));
  return bestDistance <= allowed ? best : null;
};
