// The baseline's own workflow bundle: nothing but the Temporal workflow API, so the baseline pays
// for no engine code at all (a workflow bundle's modules are evaluated once per workflow run).
import { proxyActivities, sleep } from '@temporalio/workflow';

const { recordFire } = proxyActivities<{ recordFire(dueAt: number): Promise<void> }>({
  startToCloseTimeout: '1 minute',
});

/**
 * The baseline: started, sleeps until `dueAt` (epoch ms), reports when its timer fired. The
 * instant is absolute, as the ticket's deadlines are: a first task that runs late does not move it.
 */
export async function bareWorkflow(dueAt: number): Promise<void> {
  await sleep(Math.max(1, dueAt - Date.now()));
  await recordFire(dueAt);
}
