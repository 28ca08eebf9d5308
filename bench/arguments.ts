/**
 * The benchmarks' whole-number arguments (RUNS, FLOODS, COUNT, --runs). An absent argument takes
 * its default; anything but a whole number from 1 to MAX is refused with a message naming it.
 */

/** TEXT as a number from 1 to MAX, FALLBACK when TEXT is absent; throws otherwise */
export const wholeNumber = (name: string, text: string | undefined, fallback: number, max: number): number => {
  if (text === undefined) return fallback;
  if (!/^[1-9][0-9]*$/.test(text) || Number(text) > max) {
    throw new Error(`${name}: expected a whole number from 1 to ${max}, found "${text}"`);
  }
  return Number(text);
};

/** wholeNumber for a benchmark's command line: a refused argument ends BENCH with its message and exit 2 */
export const wholeArgument = (
  bench: string,
  name: string,
  text: string | undefined,
  fallback: number,
  max: number,
): number => {
  try {
    return wholeNumber(name, text, fallback, max);
  } catch (e) {
    process.stderr.write(`${bench}: ${(e as Error).message}\n`);
    return process.exit(2);
  }
};
