// Runs vitest (its arguments, such as a file filter, are passed on) and prints its totals as
// "unit: N passed, N failed" (the form CI reads), with "(N skipped)" after them when tests were skipped. Each failed test, and each test file that
// failed as a whole, is listed again just above that line ("FAIL file > test", then the first
// lines of its message), so that a log cut to its last lines still says what failed.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

// SUMMARY_LABEL names the suite in the closing line (unit by default; the fuzz suite passes its own config)
const label = process.env.SUMMARY_LABEL || 'unit';
const out = `compat-tests/results/vitest-${label}.json`;
const MESSAGE_LINES = 20;
const r = spawnSync(
  'npx',
  ['vitest', 'run', ...process.argv.slice(2), '--reporter=default', '--reporter=json', `--outputFile=${out}`],
  { stdio: 'inherit' },
);
let passed = 0;
let failed = 1;
let skipped = 0;
const recap = [];
// eslint-disable-next-line no-control-regex -- the escape character starts the colour codes it removes
const plain = (s) => s.replace(/\u001b\[[0-9;]*m/g, '');
// the message without its stack frames (the file and line are in the FAIL line's name)
const firstLines = (s) =>
  plain(s)
    .split('\n')
    .filter((l) => !/^\s+at /.test(l))
    .slice(0, MESSAGE_LINES)
    .map((l) => `    ${l}`);
try {
  const j = JSON.parse(readFileSync(out, 'utf8'));
  passed = j.numPassedTests;
  skipped = j.numPendingTests + j.numTodoTests;
  // vitest failed with no failed test (an unhandled error, a file that did not load): counted as one
  const outsideTests = j.numTotalTestSuites > 0 && j.success === false && j.numFailedTests === 0;
  failed = j.numFailedTests + (outsideTests ? 1 : 0);
  for (const file of j.testResults) {
    const name = relative(process.cwd(), file.name);
    for (const a of file.assertionResults) {
      if (a.status !== 'failed') continue;
      recap.push(`FAIL ${[name, ...a.ancestorTitles, a.title].join(' > ')}`);
      for (const m of a.failureMessages) recap.push(...firstLines(m));
    }
    if (file.status === 'failed' && !file.assertionResults.some((a) => a.status === 'failed')) {
      recap.push(`FAIL ${name} (the file itself)`, ...firstLines(file.message || 'no message'));
    }
  }
  if (outsideTests && recap.length === 0) {
    recap.push('FAIL vitest reported errors outside any test (see "Unhandled Errors" above)');
  }
} catch (e) {
  console.error(`vitest-summary: cannot read ${out}: ${e.message}`);
}
if (recap.length > 0) console.log(recap.join('\n'));
// a skipped test proves nothing: say how many, so that a run that skipped some is seen
console.log(`${label}: ${passed} passed, ${failed} failed${skipped > 0 ? ` (${skipped} skipped)` : ''}`);
process.exit(r.status === 0 && failed === 0 ? 0 : 1);
