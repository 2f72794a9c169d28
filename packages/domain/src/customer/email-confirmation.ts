import { z } from 'zod';
import type { TemplateParams } from '../notification/templates.js';
import { readableTime } from '../notification/time.js';
import type { Actor } from '../shared/actor.js';
import type { CommandContext } from '../shared/context.js';
import { DomainError } from '../shared/errors.js';
import { provenance } from '../shared/messages.js';
import { addMillis, DAY_MS, MINUTE_MS, toMillis } from '../shared/time.js';
import { emailClaimId } from './email-claim.js';
import type { CustomerEvent } from './events.js';
import type { CustomerProfile } from './state.js';

/** How long a requested address stays confirmable unless the deployment says otherwise: a day. */
export const EMAIL_CONFIRMATION_VALIDITY_MS = DAY_MS;

/** A confirmation window: from 5 minutes to 30 days. */
export const EmailConfirmationValidity = z
  .number()
  .int()
  .min(5 * MINUTE_MS)
  .max(30 * DAY_MS);

/**
 * True when an address `actor` gives `customerId` must be confirmed before it is theirs: the
 * customer giving themself an address proves nothing about who reads it. Staff and the
 * automation (sign-up flows, imports, support fixing a profile) set it as they always did.
 */
export function needsConfirmation(actor: Actor, customerId: string): boolean {
  return actor.role === 'customer' && actor.id === customerId;
}

/**
 * The request that makes `email` pending for the customer, confirmable for `validityMs` (the
 * default window when not given) from the command's time.
 */
export function requestEmailChange(
  customerId: string,
  email: string,
  validityMs: number | undefined,
  context: CommandContext,
): CustomerEvent {
  const meta = provenance(context);
  const expiresAt = addMillis(meta.at, validityMs ?? EMAIL_CONFIRMATION_VALIDITY_MS);
  return { type: 'CustomerEmailChangeRequested', data: { ...meta, customerId, email, expiresAt } };
}

/**
 * The refusal of a confirmation link that names no pending request: forged or altered (the API's
 * check of its signature), already used, or replaced by a newer request. It says which of these
 * to no one: a guessed link learns nothing.
 */
export function invalidConfirmationError(): DomainError {
  return new DomainError(
    'EMAIL_CONFIRMATION_INVALID',
    'This confirmation link is not valid (used, replaced or unknown)',
  );
}

/**
 * Confirms the pending address the link named. Only the customer themself confirms (signed in as
 * them: someone else's mailbox owner following a link does not attach their address to that
 * profile). `EMAIL_CONFIRMATION_INVALID` when nothing that matches is pending (never requested, a
 * newer request replaced it, or already confirmed: a link works once); `EMAIL_CONFIRMATION_EXPIRED`
 * once its window has passed.
 */
export function confirmEmail(
  profile: CustomerProfile,
  link: { readonly email: string; readonly expiresAt: string },
  context: CommandContext,
): CustomerEvent[] {
  const { actor } = context;
  const { customerId } = profile;
  if (actor.role !== 'customer' || actor.id !== customerId)
    throw new DomainError('FORBIDDEN', `${actor.role} ${actor.id} may not confirm an address for ${customerId}`, {
      role: actor.role,
    });
  const pending = profile.pendingEmail;
  if (
    pending === null ||
    emailClaimId(pending.email) !== emailClaimId(link.email) ||
    toMillis(pending.expiresAt) !== toMillis(link.expiresAt)
  )
    throw new DomainError(
      'EMAIL_CONFIRMATION_INVALID',
      'This confirmation link is not valid (used, replaced or unknown)',
    );
  if (context.now.getTime() >= toMillis(pending.expiresAt))
    throw new DomainError('EMAIL_CONFIRMATION_EXPIRED', 'This confirmation link has expired: ask for a new one', {
      expiresAt: pending.expiresAt,
    });
  const data = { ...provenance(context), customerId, email: pending.email, previous: profile.email };
  return [{ type: 'CustomerEmailConfirmed', data }];
}

/**
 * What the mail to a pending address (`customer.email.confirm`) fills in: the link that confirms
 * it, and until when, in the customer's zone (UTC without one).
 */
export function emailConfirmationParams(link: string, expiresAt: string, timeZone: string | null): TemplateParams {
  return { link, dueAt: readableTime(expiresAt, timeZone ?? 'UTC') };
}
