import type { Client } from '@urql/core';
import type { ResultOf } from '../graphql/index.ts';
import { AdminSlaConfiguration, AdminSlaConfigurationUpdated } from '../queries/admin.ts';
import { followChanges } from './live.svelte.ts';
import type { Outcome } from './outcome.svelte.ts';
import { ask } from './request.ts';

/** The SLA configuration as the admin screens read it. */
export type Configuration = ResultOf<typeof AdminSlaConfiguration>['slaConfiguration'];

/**
 * In a component: the SLA configuration handed to `show` now, after each change of it (another
 * admin's) and after a lost connection comes back; a refusal goes to `outcome`. Answers the read,
 * for the screen to call with the consistency token of its own change.
 */
export function followConfiguration(
  client: () => Client,
  outcome: Outcome,
  show: (configuration: Configuration) => void,
): (consistencyToken?: string) => Promise<void> {
  async function load(consistencyToken?: string) {
    const data = await outcome.of(ask(client(), AdminSlaConfiguration, { consistencyToken }));
    if (data) show(data.slaConfiguration);
  }
  followChanges(client, AdminSlaConfigurationUpdated, () => load());
  return load;
}
