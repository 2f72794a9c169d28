/** Test support (not a test file): router settings for tests, quick to settle unfinished hand-overs. */
import type { RouterConfig } from '../config.js';

export const TEST_ROUTER: Omit<RouterConfig, 'enabled'> = {
  mode: 'auto',
  name: 'router',
  batchSize: 200,
  pollIntervalMs: 100,
  concurrency: 8,
  maxDecisions: 200,
  settleAfterMs: 300,
};
