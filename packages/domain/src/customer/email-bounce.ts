import { z } from 'zod';
import { isStaff } from '../shared/actor.js';
import type { CommandContext } from '../shared/context.js';
import { DomainError } from '../shared/errors.js';
import { provenance } from '../shared/messages.js';
import { emailClaimId } from './email-claim.js';
import type { CustomerEvent } from './events.js';
import type { CustomerState } from './state.js';

/** Why a mail to the address came back, as the bounce said it (its status text), bounded. */
export const BounceReason = z.string().trim().min(1).max(1_000);

const sameMailbox = (a: string, b: string) => emailClaimId(a) === emailClaimId(b);

/**
 * What a hard bounce of `address` (a mail to it came back as undeliverable for good) records
 * for the customer: `CustomerEmailBounced` when it is the address their profile holds and not
 * already known to bounce; nothing for an address they no longer hold (the bounce of an old
 * mail says nothing of the new address) or one already marked. Only the system (the mail
 * ingress reading the bounce) and staff record bounces.
 */
export function recordEmailBounce(state: CustomerState, data: BounceData, context: CommandContext): CustomerEvent[] {
  const held = bouncedAddress(state, data, context);
  if (held === null) return [];
  return [{ type: 'CustomerEmailBounced', data: { ...provenance(context), ...data, address: held } }];
}

type BounceData = { readonly customerId: string; readonly address: string; readonly reason: string };

/**
 * The profile's address a bounce of `data.address` concerns: null when the customer no longer
 * holds it or it already bounced hard (nothing to record). Only the system and staff record bounces.
 */
function bouncedAddress(state: CustomerState, data: BounceData, context: CommandContext): string | null {
  if (context.actor.role !== 'system' && !isStaff(context.actor))
    throw new DomainError('FORBIDDEN', `${context.actor.role} ${context.actor.id} may not record a bounce`, {
      role: context.actor.role,
    });
  const held = state.profile?.email ?? null;
  if (held === null || !sameMailbox(held, data.address)) return null;
  if (!isEmailDeliverable(held, state.profile?.bouncedEmail ?? null)) return null;
  return held;
}

/** How many soft bounces of one address within {@link SOFT_BOUNCE_WINDOW_MS} count as a hard bounce. */
export const SOFT_BOUNCE_LIMIT = 3;
/** The window soft bounces are counted in: a week, long past a sending server's own retries (days). */
export const SOFT_BOUNCE_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** The soft bounces (their times, ISO) that still count at `now`: those within the window. */
export function recentSoftBounces(times: readonly string[], now: Date): string[] {
  return times.filter((at) => now.getTime() - Date.parse(at) < SOFT_BOUNCE_WINDOW_MS);
}

/**
 * Whether soft bounces at `times` (ISO, the latest included) make the address undeliverable:
 * {@link SOFT_BOUNCE_LIMIT} within {@link SOFT_BOUNCE_WINDOW_MS} of `now`. One temporary failure
 * (a full mailbox, a greylisting server) says the address works; failing again and again for a
 * week says it does not, and the customer is better told in-app.
 */
export function softBouncesCountAsHard(times: readonly string[], now: Date): boolean {
  return recentSoftBounces(times, now).length >= SOFT_BOUNCE_LIMIT;
}

/**
 * What a soft bounce of `address` (a temporary failure: `Action: delayed` or a `4.x.x` status)
 * records: `CustomerEmailSoftBounced` when it is the profile's address, not already marked; with
 * it, `CustomerEmailBounced` when it is the {@link SOFT_BOUNCE_LIMIT}th within the window
 * ({@link softBouncesCountAsHard}). Nothing for an address the customer no longer holds.
 */
export function recordEmailSoftBounce(
  state: CustomerState,
  data: BounceData,
  context: CommandContext,
): CustomerEvent[] {
  const held = bouncedAddress(state, data, context);
  if (held === null) return [];
  const meta = provenance(context);
  const soft: CustomerEvent = { type: 'CustomerEmailSoftBounced', data: { ...meta, ...data, address: held } };
  const times = [...(state.profile?.softBounces ?? []), meta.at];
  if (!softBouncesCountAsHard(times, context.now)) return [soft];
  const reason = `${SOFT_BOUNCE_LIMIT} temporary failures within a week; the last: ${data.reason}`.slice(0, 1_000);
  return [soft, { type: 'CustomerEmailBounced', data: { ...meta, ...data, address: held, reason } }];
}

/** The soft bounces still standing once the profile's address is `email`: none after a change to another mailbox. */
export function standingSoftBounces(
  times: readonly string[],
  bounced: string | null,
  email: string | null,
): readonly string[] {
  return standingBounce(bounced, email) === null ? [] : times;
}

/**
 * The bounce still standing once the profile's address is `email`: the bounced address while it
 * is the same mailbox, none after a change to another one (the new address has not bounced).
 */
export function standingBounce(bounced: string | null, email: string | null): string | null {
  return bounced !== null && email !== null && sameMailbox(bounced, email) ? bounced : null;
}

/**
 * Whether mail may go to `email`: there is one, and it has not bounced hard (`bounced`, the
 * standing bounce). A customer whose address bounced is told in-app instead, as one without an
 * address is.
 */
export function isEmailDeliverable(email: string | null | undefined, bounced: string | null | undefined): boolean {
  return Boolean(email) && (bounced == null || !sameMailbox(bounced, email as string));
}
