/**
 * The refusals a provider's webhook is answered with, each with its HTTP status. The codes are
 * part of the contract with the provider's logs and an operator's alerts: add, never rename.
 * `UNAUTHENTICATED` and `PAYLOAD_TOO_LARGE`, `BAD_USER_INPUT` and `SERVICE_UNAVAILABLE` are the
 * API's own codes for the same refusals.
 */
export const WEBHOOK_REFUSALS = {
  /** No mailbox's secret path or signing secret matches. */
  UNAUTHENTICATED: 401,
  /** A signature whose timestamp is more than five minutes off: a replay, or a clock far off. */
  SIGNATURE_EXPIRED: 401,
  /** The body, or the message in it, is larger than the ingress takes. */
  PAYLOAD_TOO_LARGE: 413,
  /** The body holds no message (an empty one, a form without its message field, not a mail). */
  NOT_A_MESSAGE: 400,
  /** The body is malformed (a form or JSON that does not parse, an envelope that is not addresses). */
  BAD_USER_INPUT: 400,
  /** The envelope names none of the mailboxes the secret stands for. */
  UNKNOWN_MAILBOX: 422,
  /** The message could not be recorded now: the provider retries it later. */
  SERVICE_UNAVAILABLE: 503,
} as const;

/** The stable code of a webhook refusal. */
export type WebhookRefusalCode = keyof typeof WEBHOOK_REFUSALS;

/** A request the webhook ingress refuses on purpose; its message is safe to show the provider. */
export class WebhookRefusal extends Error {
  constructor(
    readonly code: WebhookRefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookRefusal';
  }

  /** The HTTP status this refusal is answered with. */
  get status(): number {
    return WEBHOOK_REFUSALS[this.code];
  }
}
