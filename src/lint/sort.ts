import type { Finding } from './finding.js';

/**
 * Findings in reading order: the main file first, then the other files in order of first
 * mention; within a file, whole-file findings first, then by line and column, ties kept in
 * the order the rules ran.
 */
export const sortFindings = (findings: readonly Finding[], mainFile: string): Finding[] => {
  const fileOrder = new Map<string, number>([[mainFile, 0]]);
  for (const f of findings) if (!fileOrder.has(f.file)) fileOrder.set(f.file, fileOrder.size);
  return findings
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) =>
        fileOrder.get(a.f.file)! - fileOrder.get(b.f.file)! ||
        (a.f.line ?? 0) - (b.f.line ?? 0) ||
        (a.f.column ?? 0) - (b.f.column ?? 0) ||
        a.i - b.i,
    )
    .map(({ f }) => f);
};
