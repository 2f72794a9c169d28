import type { ApiContext } from '../graphql/context.js';
import { badInput } from '../validation.js';

/**
 * The instant of a past view (`asOf`), refused while it is still to come: the view would be
 * today's state under tomorrow's label, and change with the next event.
 */
export function pastInstant(asOf: Date, now: Date): Date {
  if (asOf.getTime() > now.getTime())
    throw badInput([
      {
        path: 'asOf',
        message: `${asOf.toISOString()} is after now (${now.toISOString()}): a past view needs an instant that has passed; leave asOf out for the current state`,
      },
    ]);
  return asOf;
}

/**
 * A stream read as of `asOf` for a past view (`ticket(asOf:)`, `chat(asOf:)`): the instant checked
 * by {@link pastInstant}, then `read` run within the request's replay budget, given the events it
 * may still replay (it refuses beyond them) and charged the events it `replayed`.
 */
export async function readAsOf<Past extends { readonly replayed: number }>(
  context: ApiContext,
  asOf: Date,
  read: (instant: Date, maxEvents: number) => Promise<Past>,
): Promise<{ readonly past: Past; readonly instant: Date }> {
  const instant = pastInstant(asOf, context.services.deps.clock());
  const past = await context.replay.spend(async (left) => {
    const value = await read(instant, left);
    return { value, replayed: value.replayed };
  });
  return { past, instant };
}
