import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends a run with one plain line, `vitest: N passed, N failed, N skipped`, which CI and
 * humans can read without parsing vitest's decorated summary.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      let failedTests = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') failedTests++;
        else counts.skipped++;
      }
      // A file can fail with no failed test: its import or a `beforeAll` threw, so its tests
      // never ran and report as skipped. It counts as one failure, or the line would read clean.
      counts.failed += failedTests === 0 && module.state() === 'failed' ? 1 : failedTests;
    }
    counts.failed += unhandledErrors.length;
    console.log(`\nvitest: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  }
}
