import { type Actor, isStaff } from '../shared/actor.js';
import type { CommandContext } from '../shared/context.js';
import { DomainError, invalidField } from '../shared/errors.js';
import { provenance } from '../shared/messages.js';
import { samePlan } from '../shared/plan.js';
import { addsPushSubscription, removesPushSubscription } from '../shared/push.js';
import { toMillis } from '../shared/time.js';
import { parseOrThrow } from '../shared/validation.js';
import { knownTimeZone } from '../sla/calendar.js';
import { releaseChatSlot, reserveChatSlot } from './chat-slots.js';
import { CustomerCommand } from './commands.js';
import { recordEmailBounce, recordEmailSoftBounce } from './email-bounce.js';
import { emailClaimId } from './email-claim.js';
import { confirmEmail, needsConfirmation, requestEmailChange } from './email-confirmation.js';
import type { CustomerEvent } from './events.js';
import { mergeCustomer, requireNotMerged } from './merge.js';
import type { CustomerProfile, CustomerState } from './state.js';

/**
 * Decides a customer-stream command. Customers manage their own profile; staff and the
 * system may register customers (sign-up flows, imports) and fix preferences on request.
 * A preference set to its current value yields no events: clients repeat settings freely. An
 * address a customer gives themself is pending until they confirm it (`email-confirmation.ts`).
 *
 * Push subscriptions are the customer's own: only they (or the system) add one, since a
 * subscription decides whose browser receives the customer's notifications. Staff may remove
 * one on request. Registering a held endpoint again, or removing one not held, yields nothing.
 *
 * The stream is also the ledger of the customer's open chats (`ReserveChatSlot`,
 * `ReleaseChatSlot`; see `chat-slots.ts`). A customer merged into another (`MergeCustomer`, see
 * `merge.ts`) starts no chat and subscribes no browser any more; its slots are still released.
 */
export function decideCustomer(input: CustomerCommand, state: CustomerState, context: CommandContext): CustomerEvent[] {
  const command = parseOrThrow(CustomerCommand, input, 'customer command');
  const { customerId } = command.data;
  const meta = provenance(context);
  switch (command.type) {
    case 'RegisterCustomer': {
      requireAllowed(context.actor, customerId, true);
      if (state.profile) {
        throw new DomainError('ALREADY_EXISTS', `Customer ${customerId} is already registered`, { customerId });
      }
      const { customerSince, timeZone, confirmWithinMs, email, ...data } = command.data;
      requireStaffSetting(context.actor, 'plan', data.plan);
      requireStaffSetting(context.actor, 'customerSince', customerSince);
      if (customerSince !== undefined && toMillis(customerSince) > context.now.getTime())
        throw invalidField('customerSince', `"Customer since" ${customerSince} is in the future`, { customerSince });
      // Only an earlier date is recorded: "since" is the registration otherwise.
      const since = customerSince !== undefined && toMillis(customerSince) < toMillis(meta.at) ? { customerSince } : {};
      const zone = timeZone === undefined ? {} : { timeZone: knownTimeZone(timeZone) };
      // A customer signing themself up with an address has it pending until they confirm it.
      const pending = email !== undefined && needsConfirmation(context.actor, customerId);
      const given = email === undefined || pending ? {} : { email };
      const registered: CustomerEvent = {
        type: 'CustomerRegistered',
        data: { ...meta, ...data, ...given, ...since, ...zone },
      };
      return pending ? [registered, requestEmailChange(customerId, email, confirmWithinMs, context)] : [registered];
    }
    case 'UpdateCustomerProfile': {
      requireAllowed(context.actor, customerId, true);
      const profile = requireProfile(state, customerId);
      const { confirmWithinMs, ...data } = command.data;
      const address = ownAddressChange(profile, data.email, context);
      // The plan they have, in any spelling, is no change: a profile form sent back whole saves.
      const newPlan = data.plan !== undefined && !samePlan(data.plan, profile.plan);
      if (newPlan) requireStaffSetting(context.actor, 'plan', data.plan);
      const next = {
        name: data.name ?? profile.name,
        email: data.email === undefined || address.kept ? profile.email : data.email,
        language: data.language === undefined ? profile.language : data.language,
        company: data.company === undefined ? profile.company : data.company,
        // Staff may respell it ("premium" as "Premium"); a customer's own spelling changes nothing.
        plan: data.plan === undefined || context.actor.role === 'customer' ? profile.plan : data.plan,
        phone: data.phone === undefined ? profile.phone : data.phone,
        timeZone: data.timeZone === undefined ? profile.timeZone : data.timeZone && knownTimeZone(data.timeZone),
      };
      const same = (Object.keys(next) as (keyof typeof next)[]).every((key) => next[key] === profile[key]);
      const events: CustomerEvent[] = same
        ? []
        : [{ type: 'CustomerProfileUpdated', data: { ...meta, customerId, ...next } }];
      if (address.request !== null)
        events.push(requestEmailChange(customerId, address.request, confirmWithinMs, context));
      return events;
    }
    case 'ConfirmCustomerEmail':
      return confirmEmail(requireProfile(state, customerId), command.data, context);
    case 'RecordEmailBounce':
      return recordEmailBounce(state, command.data, context);
    case 'RecordEmailSoftBounce':
      return recordEmailSoftBounce(state, command.data, context);
    case 'SetDeliveryPreference': {
      requireAllowed(context.actor, customerId, true);
      const profile = requireProfile(state, customerId);
      if (profile.deliveryPreference === command.data.preference) return [];
      const { preference } = command.data;
      const previous = profile.deliveryPreference;
      return [{ type: 'CustomerDeliveryPreferenceChanged', data: { ...meta, customerId, preference, previous } }];
    }
    case 'RegisterCustomerPushSubscription': {
      requireAllowed(context.actor, customerId, false);
      const { subscription } = command.data;
      if (!addsPushSubscription(state.pushSubscriptions, subscription)) return [];
      requireNotMerged(state, customerId);
      return [{ type: 'CustomerPushSubscribed', data: { ...meta, customerId, subscription } }];
    }
    case 'RemoveCustomerPushSubscription': {
      requireAllowed(context.actor, customerId, true);
      const { endpoint } = command.data;
      if (!removesPushSubscription(state.pushSubscriptions, endpoint)) return [];
      return [{ type: 'CustomerPushUnsubscribed', data: { ...meta, customerId, endpoint } }];
    }
    case 'ReserveChatSlot':
      return reserveChatSlot(state, command.data, context);
    case 'ReleaseChatSlot':
      return releaseChatSlot(state, command.data, context);
    case 'MergeCustomer':
      return mergeCustomer(state, command.data, context);
  }
}

/**
 * What a customer's own update does with the address it gives: `kept` when it must be confirmed
 * first (the profile keeps the address held), with `request` the address to mail a confirmation
 * to, or null when that address is pending and still confirmable already (a form sent back whole
 * mails nothing). Clearing, and respelling the address held (the same mailbox), need no
 * confirmation; staff's changes never do.
 */
function ownAddressChange(
  profile: CustomerProfile,
  email: string | null | undefined,
  { actor, now }: CommandContext,
): { readonly kept: boolean; readonly request: string | null } {
  if (email === undefined || email === null || !needsConfirmation(actor, profile.customerId))
    return { kept: false, request: null };
  const same = (held: string | null) => held !== null && emailClaimId(held) === emailClaimId(email);
  if (same(profile.email)) return { kept: false, request: null };
  const pending = profile.pendingEmail;
  const stillPending = pending !== null && same(pending.email) && toMillis(pending.expiresAt) > now.getTime();
  return { kept: true, request: stillPending ? null : email };
}

function requireProfile(state: CustomerState, customerId: string): CustomerProfile {
  if (state.profile) return state.profile;
  throw new DomainError('NOT_FOUND', `Customer ${customerId} is not registered`, { customerId });
}

/**
 * Refuses a customer setting `field` on their own profile (`FORBIDDEN`): their plan is their
 * entitlement, and "customer since" their history with the company, both staff's to record.
 */
function requireStaffSetting(actor: Actor, field: string, value: unknown): void {
  if (value === undefined || actor.role !== 'customer') return;
  throw new DomainError('FORBIDDEN', `A customer may not set their own ${field}`, { field });
}

/** The customer themself and the system always; staff only where `staffToo`. */
function requireAllowed(actor: Actor, customerId: string, staffToo: boolean): void {
  const own = actor.role === 'customer' && actor.id === customerId;
  if (own || (staffToo && isStaff(actor)) || actor.role === 'system') return;
  throw new DomainError('FORBIDDEN', `${actor.role} ${actor.id} may not change customer ${customerId}`, {
    role: actor.role,
  });
}
