/** One problem the linter reports, compiler style: FILE:LINE:COL: severity: message [rule]. */
export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  file: string;
  /** 1-based; null for a finding about the whole file (printed as FILE: severity: ...) */
  line: number | null;
  column: number | null;
  severity: Severity;
  rule: string;
  message: string;
  /** how to fix it, when a fix is known */
  hint?: string;
}

/** Exit status of `portsentry lint`: 0 clean (info allowed), 1 warnings, 2 errors. */
export const exitStatusFor = (findings: readonly Finding[]): 0 | 1 | 2 => {
  let worst: 0 | 1 | 2 = 0;
  for (const f of findings) {
    if (f.severity === 'error') return 2;
    if (f.severity === 'warning') worst = 1;
  }
  return worst;
};

/** Collects findings for one file; a finding with no position is about the whole file. */
export class FindingList {
  readonly items: Finding[] = [];

  add(
    file: string,
    at: { line: number; column: number } | null,
    severity: Severity,
    rule: string,
    message: string,
    hint?: string,
  ): void {
    this.items.push({
      file,
      line: at?.line ?? null,
      column: at?.column ?? null,
      severity,
      rule,
      message,
      ...(hint === undefined ? {} : { hint }),
    });
  }
}
