/**
 * The budget of the property-based fuzz suites (`*.fuzz.test.ts`, run by `vitest.fuzz.config.ts` as
 * the `fuzz` suite of `.ci/test-all`). Each property runs until its time is up (or its run count is
 * reached); CI gives every property FUZZ_MS_PER_PROPERTY milliseconds (default 2000). A long run is
 * one command: `FUZZ_MS_PER_PROPERTY=600000 npm run fuzz`. FUZZ_SEED (and FUZZ_PATH, for the
 * shrunk input itself) replays a run that failed: fast-check prints both as `{ seed: S, path: "P" }`;
 * give them with the failing file, since they apply to every property of the run. Inputs found
 * failing are kept as `examples` of their property, so that they are tried first on every run.
 */
import fc from 'fast-check';

const DEFAULT_MS = 2000;

const positiveInt = (name: string, text: string | undefined, fallback: number): number => {
  if (text === undefined || text === '') return fallback;
  if (!/^[1-9][0-9]*$/.test(text))
    throw new Error(`${name}: expected a whole number above 0, found ${JSON.stringify(text)}`);
  return Number(text);
};

/** fast-check seeds are 32-bit integers, printed signed */
const seedFrom = (text: string | undefined): number | undefined => {
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  if (!/^-?[0-9]+$/.test(text) || n < -(2 ** 31) || n >= 2 ** 32) {
    throw new Error(`FUZZ_SEED: expected the integer fast-check printed as seed, found ${JSON.stringify(text)}`);
  }
  return n;
};

/** a replay path is the colon-separated run and shrink indexes fast-check printed as path */
const pathFrom = (text: string | undefined): string | undefined => {
  if (text === undefined || text === '') return undefined;
  if (!/^[0-9]+(:[0-9]+)*$/.test(text))
    throw new Error(
      `FUZZ_PATH: expected the path fast-check printed (such as "12:0:3"), found ${JSON.stringify(text)}`,
    );
  return text;
};

/** fast-check parameters for one property: its time budget, a seed when one is given, and its kept examples */
export const fuzzParams = <T>(examples: T[] = []): fc.Parameters<T> => {
  const ms = positiveInt('FUZZ_MS_PER_PROPERTY', process.env.FUZZ_MS_PER_PROPERTY, DEFAULT_MS);
  const seed = seedFrom(process.env.FUZZ_SEED);
  const path = pathFrom(process.env.FUZZ_PATH);
  if (path !== undefined && seed === undefined)
    throw new Error('FUZZ_PATH: given without FUZZ_SEED; a path replays only the run of its seed');
  return {
    numRuns: Number.MAX_SAFE_INTEGER,
    interruptAfterTimeLimit: ms,
    markInterruptAsFailure: false,
    examples,
    ...(seed !== undefined ? { seed } : {}),
    ...(path !== undefined ? { path } : {}),
  };
};

/** the test timeout a property needs: its budget plus time to shrink a failure */
export const fuzzTimeout = (): number =>
  positiveInt('FUZZ_MS_PER_PROPERTY', process.env.FUZZ_MS_PER_PROPERTY, DEFAULT_MS) + 60_000;
