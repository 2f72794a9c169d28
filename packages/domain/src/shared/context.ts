import { z } from 'zod';
import type { SlaConfiguration } from '../sla-config/state.js';
import { Actor } from './actor.js';

/**
 * What a decider knows besides the command and the state: the current time, who acts, and for
 * ticket commands the SLA configuration and the customer's plan. The caller supplies them, which keeps every decision pure and replayable.
 */
export const CommandContext = z
  .object({
    // zod's own word for an Invalid Date is "expected date, received Date": say what is wrong.
    now: z.date({ error: (issue) => (issue.input instanceof Date ? 'now is an invalid Date' : 'now must be a Date') }),
    actor: Actor,
    /**
     * The SLA configuration as of now, for the ticket commands whose SLA terms follow from it
     * (opening, a category change, `RefreshSla`), and for starting a chat (the chat desk's
     * opening hours). Without it, tickets record no terms and the deployment's bootstrap policy
     * governs them, and chats are open at all hours.
     */
    slaConfiguration: z.custom<SlaConfiguration>().optional(),
    /**
     * For opening a ticket: the customer's plan as their profile holds it now (`null`: none). The
     * ticket records it, and the plan's policy, when the SLA configuration names one, governs it.
     */
    customerPlan: z.string().nullable().optional(),
  })
  .strict();
export type CommandContext = z.infer<typeof CommandContext>;
