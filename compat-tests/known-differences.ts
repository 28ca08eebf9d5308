/**
 * Differences between PortSentry 1.2 (Debian 1.2-14) and ours that are accepted, each with the
 * reason. Every other difference is a bug (the uutils/coreutils rule).
 *
 * A scenario passes when each of its differences is covered by an entry here: the entry's
 * `scenario` matches the scenario name, its `field` matches the difference's field, and its
 * `text` (when given) matches the difference's text (ref lines "- ", ours "+ ", JSON-quoted).
 */
export interface KnownDifference {
  id: string;
  scenario: RegExp;
  field: RegExp;
  text?: RegExp;
  /** what differs, in one sentence */
  what: string;
  /** why it is accepted */
  reason: string;
}

export const knownDifferences: KnownDifference[] = [];
