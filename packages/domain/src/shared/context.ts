import { z } from 'zod';
import { Actor } from './actor.js';

/**
 * What every decider knows besides the command and the state: the current time and who acts. The
 * caller supplies them, which keeps every decision pure and replayable. An aggregate that needs
 * more (the ticket's SLA configuration and the customer's plan) extends it in its own module.
 */
export const CommandContext = z
  .object({
    // zod's own word for an Invalid Date is "expected date, received Date": say what is wrong.
    now: z.date({ error: (issue) => (issue.input instanceof Date ? 'now is an invalid Date' : 'now must be a Date') }),
    actor: Actor,
  })
  .strict();
export type CommandContext = z.infer<typeof CommandContext>;

/** The schema of a context: the shared one, or an aggregate's extension of it. */
export type ContextSchema<Context extends CommandContext> = z.ZodType<Context>;
