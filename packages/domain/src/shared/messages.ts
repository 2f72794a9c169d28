import { z } from 'zod';
import { Actor } from './actor.js';
import { Instant } from './time.js';

/**
 * What every domain event records besides its own facts (docs/domain.md#history-and-audit):
 * when it happened, who did it, and optionally why.
 */
export const EventProvenance = z.object({
  at: Instant,
  actor: Actor,
  reason: z.string().max(2000).optional(),
});
export type EventProvenance = z.infer<typeof EventProvenance>;

/**
 * Builds the zod schema of one event: `{ type, data }`, where `data` holds the event's own
 * fields plus {@link EventProvenance}. Data objects are strict so a typo is an error, not a field.
 */
export function defineEvent<const T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z
    .object({
      type: z.literal(type),
      data: EventProvenance.extend(shape).strict(),
    })
    .strict();
}

/** Builds the zod schema of one command: `{ type, data }` with strict data. */
export function defineCommand<const T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z
    .object({
      type: z.literal(type),
      data: z.object(shape).strict(),
    })
    .strict();
}

/** The provenance of an event produced now by the context's actor. */
export function provenance(context: { now: Date; actor: Actor }, reason?: string): EventProvenance {
  return reason === undefined
    ? { at: context.now.toISOString(), actor: context.actor }
    : { at: context.now.toISOString(), actor: context.actor, reason };
}
