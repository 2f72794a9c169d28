import { z } from 'zod';
import { CommandContext } from '../shared/context.js';
import type { SlaConfiguration } from './state.js';

/**
 * The context of the commands decided with the SLA configuration: a ticket's terms follow from
 * it, and a chat starts only in the desk's opening hours.
 */
export const SlaCommandContext = CommandContext.extend({
  /**
   * The SLA configuration as of now, for the ticket commands whose SLA terms follow from it
   * (opening, a category change, `RefreshSla`), and for starting a chat (the chat desk's
   * opening hours). Without it, tickets record no terms and the deployment's bootstrap policy
   * governs them, and chats are open at all hours.
   */
  slaConfiguration: z.custom<SlaConfiguration>().optional(),
}).strict();
export type SlaCommandContext = z.infer<typeof SlaCommandContext>;
