import { z } from 'zod';
import { Actor } from './actor.js';

/**
 * What a decider knows besides the command and the state: the current time and who acts.
 * The caller supplies both, which keeps every decision pure and replayable.
 */
export const CommandContext = z
  .object({
    now: z.date(),
    actor: Actor,
  })
  .strict();
export type CommandContext = z.infer<typeof CommandContext>;
