/**
 * The budget of the property-based fuzz suites (`*.fuzz.test.ts`, run by `vitest.fuzz.config.ts` as
 * the `fuzz` suite of `.ci/test-all`). Each property runs until its time is up (or its run count is
 * reached); CI gives every property FUZZ_MS_PER_PROPERTY milliseconds (default 2000). A long run is
 * one command: `FUZZ_MS_PER_PROPERTY=600000 npm run fuzz`. FUZZ_SEED replays a run that failed
 * (fast-check prints the seed and the path of the failing input). Inputs found failing are kept as
 * `examples` of their property, so that they are tried first on every run.
 */
import fc from 'fast-check';

const DEFAULT_MS = 2000;

const positiveInt = (name: string, text: string | undefined, fallback: number): number => {
  if (text === undefined || text === '') return fallback;
  if (!/^[1-9][0-9]*$/.test(text)) throw new Error(`${name}: expected a whole number above 0, found ${JSON.stringify(text)}`);
  return Number(text);
};

/** fast-check parameters for one property: its time budget, a seed when one is given, and its kept examples */
export const fuzzParams = <T>(examples: T[] = []): fc.Parameters<T> => {
  const ms = positiveInt('FUZZ_MS_PER_PROPERTY', process.env.FUZZ_MS_PER_PROPERTY, DEFAULT_MS);
  const seed = process.env.FUZZ_SEED;
  return {
    numRuns: Number.MAX_SAFE_INTEGER,
    interruptAfterTimeLimit: ms,
    markInterruptAsFailure: false,
    examples,
    ...(seed !== undefined && seed !== '' ? { seed: Number(seed) } : {}),
  };
};

/** the test timeout a property needs: its budget plus time to shrink a failure */
export const fuzzTimeout = (): number => positiveInt('FUZZ_MS_PER_PROPERTY', process.env.FUZZ_MS_PER_PROPERTY, DEFAULT_MS) + 60_000;
