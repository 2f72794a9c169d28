import { z } from 'zod';
import { SlaCategory, SlaPolicy, SlaPriority } from './policy.js';

/** The ticket statuses as the SLA clocks see them (docs/domain.md#ticket-statuses). */
export const SlaTicketStatus = z.enum(['new', 'in_progress', 'waiting_customer', 'resolved', 'closed']);
export type SlaTicketStatus = z.infer<typeof SlaTicketStatus>;

/** An instant as epoch milliseconds (UTC). The calculator works on numbers; events store ISO strings. */
export const EpochMs = z.number().int().nonnegative();

/**
 * One SLA-relevant fact of a ticket's timeline. The ticket's history is translated into these so
 * the calculator stays independent of the ticket aggregate's event shapes.
 * - `opened`: the ticket was created (status `new`), in `category` if it had one; facts before it
 *   are ignored.
 * - `agent_replied`: a PUBLIC agent reply (internal notes are not SLA facts).
 * - `customer_messaged`: the customer wrote (on creation the opening message is implied by `opened`).
 * - `status_changed`: the ticket entered status `to`; it carries no implied reply.
 * - `priority_changed`: the ticket's priority became `priority`; targets follow it.
 * - `category_changed`: the ticket's category became `category` (`null`: none); targets follow it.
 * - `policy_changed`: `policy` governs the ticket from now on (its opening, a category change, an
 *   edit of the policy), or, when null, the deployment's own policy again (the default policy was
 *   cleared); every unfinished clock is re-targeted, elapsed time kept.
 */
export const SlaFact = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('opened'), at: EpochMs, category: SlaCategory.optional() }).strict(),
  z.object({ kind: z.literal('agent_replied'), at: EpochMs }).strict(),
  z.object({ kind: z.literal('customer_messaged'), at: EpochMs }).strict(),
  z.object({ kind: z.literal('status_changed'), at: EpochMs, to: SlaTicketStatus }).strict(),
  z.object({ kind: z.literal('priority_changed'), at: EpochMs, priority: SlaPriority }).strict(),
  z.object({ kind: z.literal('category_changed'), at: EpochMs, category: SlaCategory.nullable() }).strict(),
  z.object({ kind: z.literal('policy_changed'), at: EpochMs, policy: SlaPolicy.nullable() }).strict(),
]);
export type SlaFact = z.infer<typeof SlaFact>;
