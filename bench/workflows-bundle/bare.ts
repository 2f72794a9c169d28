// The baseline's own workflow bundle: nothing but the Temporal workflow API, so the baseline pays
// for no engine code at all (a workflow bundle's modules are evaluated once per workflow run).
import { proxyActivities, sleep } from '@temporalio/workflow';

const { recordFire } = proxyActivities<{ recordFire(dueAt: number): Promise<void> }>({
  startToCloseTimeout: '1 minute',
});

/** The baseline: started, sleeps `delayMs`, reports when its timer fired. */
export async function bareWorkflow(startedAt: number, delayMs: number): Promise<void> {
  await sleep(delayMs);
  await recordFire(startedAt + delayMs);
}
