import { z } from 'zod';
import { SlaCommandContext } from '../sla-config/context.js';

/** What a ticket command is decided with: the SLA configuration and, to open one, the customer's plan. */
export const TicketCommandContext = SlaCommandContext.extend({
  /**
   * For opening a ticket: the customer's plan as their profile holds it now (`null`: none). The
   * ticket records it, and the plan's policy, when the SLA configuration names one, governs it.
   */
  customerPlan: z.string().nullable().optional(),
}).strict();
export type TicketCommandContext = z.infer<typeof TicketCommandContext>;
