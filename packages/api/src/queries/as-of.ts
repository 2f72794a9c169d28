import { ApiError } from '../errors/codes.js';

/**
 * The instant of a past view (`asOf`), refused while it is still to come: the view would be
 * today's state under tomorrow's label, and change with the next event.
 */
export function pastInstant(asOf: Date, now: Date): Date {
  if (asOf.getTime() > now.getTime())
    throw new ApiError(
      'BAD_USER_INPUT',
      `asOf ${asOf.toISOString()} is after now (${now.toISOString()}): a past view needs an instant that has passed; leave asOf out for the current state`,
    );
  return asOf;
}
