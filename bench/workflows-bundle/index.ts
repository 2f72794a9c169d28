// The bench worker's workflow bundle: the engine's workflows plus a bare baseline workflow, so
// both run on the same worker. Only deterministic code: the Temporal workflow API and the
// engine's workflow entry point.
import { proxyActivities, sleep } from '@temporalio/workflow';

export * from '../../packages/workflows/src/workflows/index.js';

const { recordFire } = proxyActivities<{ recordFire(dueAt: number): Promise<void> }>({
  startToCloseTimeout: '1 minute',
});

/** The baseline: started, sleeps `delayMs`, reports when its timer fired. */
export async function bareWorkflow(startedAt: number, delayMs: number): Promise<void> {
  await sleep(delayMs);
  await recordFire(startedAt + delayMs);
}
