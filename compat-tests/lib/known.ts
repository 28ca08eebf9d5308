import type { KnownDifference, ShownDifference } from '../known-differences.js';
import type { Difference } from './diff.js';

/** an entry tied to a scenario (not documentation only) */
const isShown = (k: KnownDifference): k is ShownDifference => k.documentationOnly === undefined;

/** The known difference that covers this one, if any (documentation-only entries cover nothing). */
export const coveredBy = (scenario: string, d: Difference, known: KnownDifference[]): KnownDifference | undefined =>
  known.find(
    (k) =>
      isShown(k) && k.scenario.test(scenario) && k.field.test(d.field) && (k.text === undefined || k.text.test(d.text)),
  );

/** a scenario that ran, with the ids of the entries that covered its differences */
interface ScenarioRun {
  name: string;
  known: string[];
}

/**
 * The entries tied to a scenario that covered no difference in the scenarios that ran: the
 * difference they accept is gone, or has become another one. An entry none of whose scenarios ran
 * (all filtered out) is not judged.
 */
export const uncoveredEntries = (runs: ScenarioRun[], known: KnownDifference[]): ShownDifference[] =>
  known.filter(isShown).filter((k) => {
    const ran = runs.filter((r) => k.scenario.test(r.name));
    return ran.length > 0 && !ran.some((r) => r.known.includes(k.id));
  });

/** the runner's line for such an entry, counted as a failed test */
export const uncoveredLine = (k: KnownDifference): string =>
  `FAIL known-differences: ${k.id} covered nothing: its scenario no longer differs (remove the entry or fix the regression)`;
