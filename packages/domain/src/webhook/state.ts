/** A webhook endpoint as its events left it. */
export type WebhookEndpoint = {
  readonly endpointId: string;
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly description: string | null;
  readonly enabled: boolean;
  /** Which derived secret signs its deliveries; bumped by each rotation. */
  readonly secretVersion: number;
  /** Removed for good: no command reaches it, and its id is never registered again. */
  readonly deleted?: true;
};

/** The webhook-endpoint stream: the endpoint, or null before it is registered. */
export type WebhookState = WebhookEndpoint | null;
