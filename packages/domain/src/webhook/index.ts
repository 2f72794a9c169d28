import { checkingContext, type Decider } from '../shared/decider.js';
import type { WebhookCommand } from './commands.js';
import { decideWebhook } from './decide.js';
import type { WebhookEvent } from './events.js';
import { evolveWebhook } from './evolve.js';
import type { WebhookState } from './state.js';

export * from './commands.js';
export { decideWebhook } from './decide.js';
export * from './event-types.js';
export * from './events.js';
export { evolveWebhook } from './evolve.js';
export * from './rules.js';
export type { WebhookEndpoint, WebhookState } from './state.js';

/**
 * A webhook endpoint: where an external system receives the engine's ticket and chat events,
 * which ones, whether deliveries run, and which version of its derived signing secret is current.
 */
export const webhookDecider: Decider<WebhookCommand, WebhookEvent, WebhookState> = checkingContext<
  WebhookCommand,
  WebhookEvent,
  WebhookState
>({
  initialState: null,
  decide: decideWebhook,
  evolve: evolveWebhook,
});
