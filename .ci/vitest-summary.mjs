// Runs vitest and prints its totals as "unit: N passed, N failed" (the form CI reads), with
// "(N skipped)" after them when tests were skipped.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const out = 'compat-tests/results/vitest.json';
const r = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${out}`], { stdio: 'inherit' });
let passed = 0;
let failed = 1;
let skipped = 0;
try {
  const j = JSON.parse(readFileSync(out, 'utf8'));
  passed = j.numPassedTests;
  skipped = j.numPendingTests + j.numTodoTests;
  failed = j.numFailedTests + (j.numTotalTestSuites > 0 && j.success === false && j.numFailedTests === 0 ? 1 : 0);
} catch (e) {
  console.error(`vitest-summary: cannot read ${out}: ${e.message}`);
}
// a skipped test proves nothing: say how many, so that a run that skipped some is seen
console.log(`unit: ${passed} passed, ${failed} failed${skipped > 0 ? ` (${skipped} skipped)` : ''}`);
process.exit(r.status === 0 && failed === 0 ? 0 : 1);
