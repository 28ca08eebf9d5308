import { describe, expect, it } from 'vitest';
import type { Finding } from './finding.js';
import { readEffective } from './effective.js';
import { formatEffective, formatFinding, formatText, MAX_SHOWN } from './format.js';

const f = (line: number | null, hint?: string): Finding => ({
  file: 'a.conf',
  line,
  column: line === null ? null : 3,
  severity: 'warning',
  rule: 'r',
  message: 'm',
  ...(hint === undefined ? {} : { hint }),
});

describe('formatText', () => {
  it('prints FILE:LINE:COL, or FILE alone for a whole-file finding, and the hint below', () => {
    expect(formatFinding(f(4, 'h'))).toBe('a.conf:4:3: warning: m [r]\n    hint: h\n');
    expect(formatFinding(f(null))).toBe('a.conf: warning: m [r]\n');
  });
  it('ends with a summary, also when there is nothing to report', () => {
    expect(formatText([])).toBe('summary: 0 errors, 0 warnings, 0 info\n');
  });
  it('shows at most 1000 findings and counts the rest', () => {
    const text = formatText(Array.from({ length: MAX_SHOWN + 5 }, (_, i) => f(i + 1)));
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBe(MAX_SHOWN + 2);
    expect(lines.slice(-2)).toEqual([
      '... 5 more findings not shown (see --json)',
      'summary: 0 errors, 1005 warnings, 0 info',
    ]);
  });
});

describe('formatEffective', () => {
  it('names the file in full in its first line, however long its path, with control bytes escaped', () => {
    const path = `/srv/${'very-long-directory-name/'.repeat(6)}portsentry\n.conf`;
    const first = formatEffective(readEffective({ path, content: 'SCAN_TRIGGER="0"\n' }, 'tcp')).split('\n')[0];
    expect(first).toBe(
      `# /srv/${'very-long-directory-name/'.repeat(6)}portsentry\\x0A.conf as portsentry 1.2 reads it (mode -tcp)`,
    );
  });
});
