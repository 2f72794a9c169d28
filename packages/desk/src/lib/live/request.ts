/** A subscription as sent to the API. */
export interface LiveRequest {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  readonly operationName?: string;
}

/** Where a subscription's results go (urql's `forwardSubscription` sink). */
export interface LiveSink {
  next(result: unknown): void;
  error(error: unknown): void;
  complete(): void;
}
