/**
 * Every way the delivery package refuses an operator's request, as a stable machine-readable
 * code. Add, never rename: the API maps them.
 */
export type DeliveryErrorCode = 'DELIVERY_NOT_FOUND' | 'DELIVERY_IN_FLIGHT' | 'IDEMPOTENCY_KEY_REUSED';

/** A refusal of a request on the outbox (a redelivery, a test send); it wrote nothing. */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    readonly code: DeliveryErrorCode,
    message: string,
  ) {
    super(message);
  }
}
