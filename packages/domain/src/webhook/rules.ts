import { DomainError, fieldIssues } from '../shared/errors.js';
import { checkHttpUrl } from '../shared/url.js';
import { ALL_WEBHOOK_EVENTS, WEBHOOK_EVENT_TYPES } from './event-types.js';

/** The URL a webhook is sent to, normalised; refused with `WEBHOOK_URL_INVALID` (see `checkHttpUrl`). */
export function webhookUrl(input: string): string {
  const checked = checkHttpUrl(input);
  if (checked.ok) return checked.href;
  throw new DomainError('WEBHOOK_URL_INVALID', `Webhook URL refused: ${checked.reason}`, {
    reason: checked.reason,
    ...fieldIssues(['url', checked.reason]),
  });
}

/**
 * The event types an endpoint listens to, without repeats and sorted (`*` alone when listed,
 * since it covers the rest); an unknown one is refused with `WEBHOOK_EVENT_TYPE_UNKNOWN`.
 */
export function webhookEventTypes(input: readonly string[]): string[] {
  const unknown = input.filter((type) => type !== ALL_WEBHOOK_EVENTS && !WEBHOOK_EVENT_TYPES.includes(type));
  if (unknown.length > 0) {
    const issues = input.flatMap((type, index) =>
      unknown.includes(type) ? [[`eventTypes.${index}`, `unknown event type "${type}"`] as const] : [],
    );
    throw new DomainError('WEBHOOK_EVENT_TYPE_UNKNOWN', `Unknown event types: ${unknown.join(', ')}`, {
      unknown,
      ...fieldIssues(...issues),
    });
  }
  if (input.includes(ALL_WEBHOOK_EVENTS)) return [ALL_WEBHOOK_EVENTS];
  return [...new Set(input)].sort();
}
