import { type CommandBus, customerOfAddress } from '@support-engine/application';
import { type DeliveryDb, enqueue } from '@support-engine/delivery';
import { customerDecider, isEmailDeliverable, signInLinkParams } from '@support-engine/domain/customer';
import { localeFor, renderTemplate } from '@support-engine/domain/notification';
import { issueSignInLink } from './link-token.js';

/** Where a sign-in link leads: the help center's page that exchanges it (REQUESTS.md's contract). */
export const VERIFY_PATH = '/help/requests/sign-in/verify';

/** The mail's template (both languages, in the domain's notification templates). */
const TEMPLATE = 'customer.sign-in';

/** A customer's request for a sign-in link. */
export interface LinkRequest {
  readonly address: string;
  /** The language the page asked in: the mail's when the customer's profile names none. */
  readonly language: 'en' | 'fr' | undefined;
  readonly returnTo: string | undefined;
  /** The help center's public origin (its configured one, else the request's). */
  readonly origin: string;
  readonly now: Date;
}

/**
 * Mails the customer who holds the address (the domain's one-address rule, whatever its case) a
 * sign-in link, in their language, through the engine's outbox (the delivery service sends it as
 * any notification, `Auto-Submitted: auto-generated`). Nothing for an address no customer holds,
 * or one that bounced. The delivery's id is the link's, so the same request again within the
 * link's window (`signInLinkIssuedAt`) queues nothing more: one mail. Answers whether a mail was
 * queued (the caller tells the client the same either way).
 */
export async function mailSignInLink(
  bus: CommandBus,
  delivery: DeliveryDb,
  key: Uint8Array,
  request: LinkRequest,
): Promise<boolean> {
  const customerId = await customerOfAddress(bus, request.address);
  if (customerId === undefined) return false;
  const profile = (await bus.fold('customer', customerId, customerDecider)).profile;
  if (profile === null || profile.email === null || !isEmailDeliverable(profile.email, profile.bouncedEmail))
    return false;
  const link = await issueSignInLink(key, customerId, request.now);
  const url = new URL(VERIFY_PATH, request.origin);
  url.searchParams.set('token', link.token);
  if (request.returnTo !== undefined) url.searchParams.set('returnTo', request.returnTo);
  const locale = localeFor(profile.language ?? request.language);
  const messageId = `sign-in:${link.linkId}`;
  const payload = {
    ...renderTemplate(TEMPLATE, locale, signInLinkParams(url.href, link.expiresAt, profile.timeZone)),
    kind: 'info',
    locale,
    ticketId: null,
    suggestionId: null,
    template: TEMPLATE,
    quote: null,
  };
  // In a transaction: the dispatchers are told at its commit, when the row is there to claim.
  await delivery.transaction().execute((trx) =>
    enqueue(trx, [
      {
        deliveryId: `${messageId}:email:customer:${customerId}`,
        channel: 'email',
        recipient: profile.email!,
        person: { kind: 'customer', id: customerId },
        messageId,
        orderingKey: null,
        position: 0n,
        topic: TEMPLATE,
        payload,
        createdAt: request.now,
      },
    ]),
  );
  return true;
}
