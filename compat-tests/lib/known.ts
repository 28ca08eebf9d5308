import type { KnownDifference } from '../known-differences.js';
import type { Difference } from './diff.js';

/** The known difference that covers this one, if any. */
export const coveredBy = (scenario: string, d: Difference, known: KnownDifference[]): KnownDifference | undefined =>
  known.find((k) => k.scenario.test(scenario) && k.field.test(d.field) && (k.text === undefined || k.text.test(d.text)));
