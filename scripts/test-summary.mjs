#!/usr/bin/env node
// Sums the results every suite wrote (vitest's JSON reports, the Go tests' counts, the end-to-end checks) into
// one closing line, so a reader of the whole log sees at once what ran.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/processes.mjs';

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
const resultDirs = [
  ...readdirSync(join(ROOT, 'packages')).map((name) => join(ROOT, 'packages', name)),
  join(ROOT, 'out', 'e2e'),
  join(ROOT, 'out', 'python-clients'),
];
for (const directory of resultDirs) {
  const results = join(directory, 'test-results');
  if (!existsSync(results)) continue;
  for (const file of readdirSync(results).filter((name) => name.endsWith('.json'))) {
    const counts = readCounts(JSON.parse(readFileSync(join(results, file), 'utf8')));
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped;
    lines.push(
      `  ${join(directory, 'test-results', file).slice(ROOT.length + 1)}: ${counts.passed} passed, ${counts.failed} failed`,
    );
  }
}
if (lines.length === 0) {
  console.error('no test results found: run the tests first');
  process.exit(1);
}
console.log(`\n${lines.join('\n')}`);
console.log(
  `${totals.passed} passed, ${totals.failed} failed${totals.skipped > 0 ? `, ${totals.skipped} skipped` : ''}`,
);
process.exit(totals.failed > 0 ? 1 : 0);

function readCounts(report) {
  // vitest's JSON reporter, or our own { passed, failed, skipped }.
  if (typeof report.numPassedTests === 'number') {
    return {
      passed: report.numPassedTests,
      failed: report.numFailedTests,
      skipped: report.numPendingTests + report.numTodoTests,
    };
  }
  return { passed: report.passed ?? 0, failed: report.failed ?? 0, skipped: report.skipped ?? 0 };
}
