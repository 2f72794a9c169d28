import { z } from 'zod';
import { type Actor, Id, isStaff } from '../shared/actor.js';
import {
  ClaimedAtVersion,
  type ExclusiveClaimState,
  exclusiveClaimOutcome,
  FREE_CLAIM,
} from '../shared/claim-fence.js';
import type { CommandContext } from '../shared/context.js';
import { checkingContext, type Decider } from '../shared/decider.js';
import { EmailAddress, emailAddressKey } from '../shared/email-address.js';
import { DomainError } from '../shared/errors.js';
import { defineCommand, defineEvent, provenance } from '../shared/messages.js';
import { parseOrThrow } from '../shared/validation.js';
import type { CustomerState } from './state.js';

// One stream per email address, `custemail-<address lower-cased>`: appending a claim at the
// stream's version is what makes two customers racing for one address see each other.

const claimFields = { email: EmailAddress, customerId: Id };

/**
 * Claims `email` for `customerId`, for a profile command decided at customer stream version
 * `atVersion`; the customer claiming it again at a version no newer records nothing.
 */
export const ClaimCustomerEmail = defineCommand('ClaimCustomerEmail', { ...claimFields, atVersion: ClaimedAtVersion });
/**
 * Gives the address back, the caller having read the customer at `customerVersion` without it; a
 * no-op unless `customerId` holds it and the claim is releasable (see `claimReleasable`).
 */
export const ReleaseCustomerEmail = defineCommand('ReleaseCustomerEmail', {
  ...claimFields,
  customerVersion: ClaimedAtVersion,
});
/** Every command of a `custemail` stream. */
export const EmailClaimCommand = z.discriminatedUnion('type', [ClaimCustomerEmail, ReleaseCustomerEmail]);
export type EmailClaimCommand = z.infer<typeof EmailClaimCommand>;

/** `customerId` holds `email` for a command decided at `atVersion`: no other customer may use it. */
export const CustomerEmailClaimed = defineEvent('CustomerEmailClaimed', {
  ...claimFields,
  atVersion: ClaimedAtVersion,
});
/** `customerId` no longer uses `email`: another customer may claim it. */
export const CustomerEmailReleased = defineEvent('CustomerEmailReleased', claimFields);
/** Every event of a `custemail` stream. */
export const EmailClaimEvent = z.discriminatedUnion('type', [CustomerEmailClaimed, CustomerEmailReleased]);
export type EmailClaimEvent = z.infer<typeof EmailClaimEvent>;
/** The `custemail` streams' event types, for the event schema registry. */
export const EMAIL_CLAIM_EVENT_TYPES = EmailClaimEvent.options.map((option) => option.shape.type.value);

/**
 * The id of an address's claim stream (`custemail-<id>`): the address's key (`emailAddressKey`:
 * lower case, an IDN domain in its ASCII form), since `Alice@Example.com` and `alice@example.com`,
 * or `hans@bücher.de` and `hans@xn--bcher-kva.de`, reach one mailbox.
 */
export function emailClaimId(email: string): string {
  return emailAddressKey(email);
}

/** True when the customer's profile holds `email` (compared as `emailClaimId` does). */
export function holdsEmail(state: CustomerState, email: string): boolean {
  const held = state.profile?.email;
  return held !== null && held !== undefined && emailClaimId(held) === emailClaimId(email);
}

/**
 * The refusal of an address another customer holds. Only staff and the automation learn that it
 * is taken, and by whom: a customer only ever claims an address on confirming it (it reached
 * them), and is told it cannot be confirmed (`EMAIL_CONFIRMATION_REFUSED`), never who uses it.
 */
export function emailTakenError(email: string, holder: string, actor: Actor): DomainError {
  if (isStaff(actor) || actor.role === 'system')
    return new DomainError('CUSTOMER_EMAIL_TAKEN', `Email ${email} is already used by customer ${holder}`, {
      email,
      customerId: holder,
    });
  return new DomainError('EMAIL_CONFIRMATION_REFUSED', `Email ${email} cannot be confirmed for this profile`, {
    email,
  });
}

/**
 * Decides an email claim: `CUSTOMER_EMAIL_TAKEN` when another customer holds the address; the
 * holder's claim is recorded again only for a newer customer version (which fences releases); a
 * release of a claim not held, or not yet releasable, records nothing. A customer claims only for
 * themself; staff and the automation for anyone (registrations, imports, profile fixes).
 */
export function decideEmailClaim(input: EmailClaimCommand, state: ExclusiveClaimState, context: CommandContext) {
  const command = parseOrThrow(EmailClaimCommand, input, 'email claim command');
  const { email, customerId } = command.data;
  const { actor } = context;
  const own = actor.role === 'customer' && actor.id === customerId;
  if (!own && !isStaff(actor) && actor.role !== 'system')
    throw new DomainError('FORBIDDEN', `${actor.role} ${actor.id} may not claim an email for customer ${customerId}`, {
      role: actor.role,
    });
  const data = { ...provenance(context), email: emailClaimId(email), customerId };
  if (command.type === 'ReleaseCustomerEmail') {
    const request = { kind: 'release', holder: customerId, holderVersion: command.data.customerVersion } as const;
    return exclusiveClaimOutcome(state, request, context.now) === 'record'
      ? [{ type: 'CustomerEmailReleased' as const, data }]
      : [];
  }
  const { atVersion } = command.data;
  const outcome = exclusiveClaimOutcome(state, { kind: 'claim', holder: customerId, atVersion }, context.now);
  if (outcome === 'taken') throw emailTakenError(email, state.holder ?? '', actor);
  return outcome === 'record' ? [{ type: 'CustomerEmailClaimed' as const, data: { ...data, atVersion } }] : [];
}

/** The claim on one email address: stream `custemail-<emailClaimId(email)>`. */
export const emailClaimDecider: Decider<EmailClaimCommand, EmailClaimEvent, ExclusiveClaimState> = checkingContext<
  EmailClaimCommand,
  EmailClaimEvent,
  ExclusiveClaimState
>({
  initialState: FREE_CLAIM,
  decide: decideEmailClaim,
  evolve: (_state, event) =>
    event.type === 'CustomerEmailClaimed'
      ? { holder: event.data.customerId, claim: { atVersion: event.data.atVersion, claimedAt: event.data.at } }
      : FREE_CLAIM,
});
