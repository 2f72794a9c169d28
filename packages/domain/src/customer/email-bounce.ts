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
export function recordEmailBounce(
  state: CustomerState,
  data: { readonly customerId: string; readonly address: string; readonly reason: string },
  context: CommandContext,
): CustomerEvent[] {
  if (context.actor.role !== 'system' && !isStaff(context.actor))
    throw new DomainError('FORBIDDEN', `${context.actor.role} ${context.actor.id} may not record a bounce`, {
      role: context.actor.role,
    });
  const held = state.profile?.email ?? null;
  if (held === null || !sameMailbox(held, data.address)) return [];
  if (!isEmailDeliverable(held, state.profile?.bouncedEmail ?? null)) return [];
  return [{ type: 'CustomerEmailBounced', data: { ...provenance(context), ...data, address: held } }];
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
