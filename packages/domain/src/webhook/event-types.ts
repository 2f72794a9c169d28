import { ARTICLE_EVENT_TYPES } from '../article/events.js';
import { CHAT_EVENT_TYPES } from '../chat/events.js';
import { TICKET_EVENT_TYPES } from '../ticket/events.js';

/**
 * The event types a webhook endpoint may subscribe to: every ticket, chat and knowledge-base
 * article event (a help center's cache or a translation service reacts to `ArticleApproved`).
 */
export const WEBHOOK_EVENT_TYPES: readonly string[] = [
  ...TICKET_EVENT_TYPES,
  ...CHAT_EVENT_TYPES,
  ...ARTICLE_EVENT_TYPES,
];

/** Subscribes an endpoint to every type in {@link WEBHOOK_EVENT_TYPES}, present and future. */
export const ALL_WEBHOOK_EVENTS = '*';
