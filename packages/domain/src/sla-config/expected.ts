import type { TicketPriority } from '../shared/values.js';
import { firstResponseDue } from '../sla/calculator.js';
import type { SlaPolicy } from '../sla/policy.js';
import { categoryDefaultPriority, governingSla } from './governing.js';
import type { SlaConfiguration } from './state.js';

/** When a ticket opened now would be owed its first answer, under the policy that would govern it. */
export interface ExpectedFirstResponse {
  /** Epoch ms: the first-response deadline of a ticket opened at `openedAt`, nothing pausing it. */
  readonly dueAt: number;
  /** The priority it would open with (its category's default, else normal). */
  readonly priority: TicketPriority;
  /** The governing policy's name. */
  readonly policyName: string;
}

/**
 * What a customer is told before opening a ticket (a chat widget's offline form): when a ticket
 * opened at `openedAt` in `category`, by a customer on `plan`, with no priority of its own, is owed
 * its first response. The same terms a ticket records when it opens (`governingSla`: the plan's
 * policy, else the category's, else the default; `bootstrap` when the configuration sets none),
 * counted in the policy's business calendar.
 */
export function expectedFirstResponse(
  config: SlaConfiguration,
  bootstrap: SlaPolicy,
  ticket: { readonly category: string | null; readonly plan: string | null; readonly openedAt: number },
): ExpectedFirstResponse {
  const policy = governingSla(config, ticket.category, ticket.plan)?.policy ?? bootstrap;
  const priority = categoryDefaultPriority(config, ticket.category) ?? 'normal';
  const dueAt = firstResponseDue({
    policy,
    priority,
    openedAt: ticket.openedAt,
    ...(ticket.category === null ? {} : { category: ticket.category }),
  });
  return { dueAt, priority, policyName: policy.name };
}
