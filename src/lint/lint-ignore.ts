import { FindingList, exitStatusFor, type Finding } from './finding.js';
import { lintIgnoreContent, type IgnoreView } from './ignore-rules.js';
import type { LintEnv } from './lint-env.js';
import { readInput } from './read-input.js';
import { sortFindings } from './sort.js';

export interface IgnoreLintResult {
  file: string;
  findings: Finding[];
  /** the entries NeverBlock() compares with, null when the file could not be read */
  entries: IgnoreView[] | null;
  exitStatus: 0 | 1 | 2;
}

export const DEFAULT_IGNORE = '/etc/portsentry/portsentry.ignore';

/** `portsentry lint ignore`: an ignore file alone, read as NeverBlock() reads it. */
export const lintIgnore = (path: string, env: LintEnv): IgnoreLintResult => {
  const findings = new FindingList();
  const input = readInput(path, 'ignore', env, findings);
  const entries =
    input === null ? null : lintIgnoreContent(path, input.content, input.facts, env, findings, input.binary);
  const sorted = sortFindings(findings.items, path);
  return { file: path, findings: sorted, entries, exitStatus: exitStatusFor(sorted) };
};
