import { mailAddressKey } from './addresses.js';

/**
 * A received message's headers as the parser gives them: names in any case, each name with its
 * values in order (a header may repeat).
 */
export type MailHeaders = Readonly<Record<string, readonly string[]>>;

/** What a received message is, before anything is done with it. */
export type InboundMailKind =
  /**
   * Written by a person: it may open or continue a ticket. `autoAnswer` is false when the sender
   * asked for no automatic answer (`X-Auto-Response-Suppress`): the message still counts.
   */
  | { readonly kind: 'person'; readonly autoAnswer: boolean }
  /** An automatic answer (out of office, auto-reply, list traffic): no ticket, no answer. */
  | { readonly kind: 'automatic'; readonly because: string }
  /** A delivery failure report: recorded against the addresses it names, no ticket. */
  | { readonly kind: 'bounce'; readonly failedRecipients: readonly string[] }
  /** Sent by the engine itself (one of its own addresses): dropped, so no mail loop can start. */
  | { readonly kind: 'own' };

/** The values of a header, whatever the case of its name. */
export function headerValues(headers: MailHeaders, name: string): readonly string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) values.push(...value);
  return values;
}

const first = (headers: MailHeaders, name: string) => headerValues(headers, name)[0]?.trim().toLowerCase();

/** Headers whose mere presence marks an automatic answer (the common auto-responders'). */
const AUTOMATIC_HEADERS = ['x-autoreply', 'x-autorespond'];
const BULK_PRECEDENCE = new Set(['bulk', 'list', 'junk', 'auto_reply']);
/** Senders that only ever report on delivery. */
const DAEMONS = /^(mailer-daemon|postmaster)@/;

/**
 * Tells a person's message from the noise a support address receives: bounces (a delivery status
 * report, `X-Failed-Recipients`, or a mailer daemon's message), automatic answers (RFC 3834's
 * `Auto-Submitted` other than `no`, the auto-responders' `X-Autoreply` and `X-Autorespond`,
 * `Precedence: bulk/list/junk`), and mail from the engine's own addresses. Only a person's message
 * may open or continue a ticket, and only a person is ever answered automatically, so two
 * auto-responders never talk to each other through the engine. `X-Auto-Response-Suppress` asks
 * for no automatic answer, but mail clients also put it on what people write (and transactional
 * mail on what a customer's system sends): the message still counts, unanswered.
 */
export function classifyInboundMail(input: {
  readonly headers: MailHeaders;
  /** The sender's address (the `From` header's). */
  readonly from: string;
  /** The engine's own sending addresses and mailboxes, in any case. */
  readonly ownAddresses: readonly string[];
}): InboundMailKind {
  const { headers, from } = input;
  const sender = mailAddressKey(from);
  if (input.ownAddresses.some((own) => mailAddressKey(own) === sender)) return { kind: 'own' };

  const contentType = first(headers, 'content-type') ?? '';
  const failed = headerValues(headers, 'x-failed-recipients')
    .flatMap((value) => value.split(','))
    .map((address) => address.trim())
    .filter((address) => address.length > 0);
  const report = contentType.startsWith('multipart/report') && /report-type\s*=\s*"?delivery-status/.test(contentType);
  if (report || failed.length > 0 || DAEMONS.test(sender)) return { kind: 'bounce', failedRecipients: failed };

  const submitted = first(headers, 'auto-submitted');
  if (submitted !== undefined && submitted !== 'no')
    return { kind: 'automatic', because: `Auto-Submitted: ${submitted}` };
  for (const name of AUTOMATIC_HEADERS)
    if (headerValues(headers, name).length > 0) return { kind: 'automatic', because: name };
  const precedence = first(headers, 'precedence');
  if (precedence !== undefined && BULK_PRECEDENCE.has(precedence))
    return { kind: 'automatic', because: `Precedence: ${precedence}` };
  return { kind: 'person', autoAnswer: headerValues(headers, 'x-auto-response-suppress').length === 0 };
}
