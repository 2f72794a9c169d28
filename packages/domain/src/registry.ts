import { AGENT_EVENT_TYPES, AGENT_EVENT_VERSIONS } from './agent/index.js';
import { ARTICLE_EVENT_TYPES, ARTICLE_READER_EVENT_TYPES, SLUG_CLAIM_EVENT_TYPES } from './article/index.js';
import { CANNED_REPLY_EVENT_TYPES } from './canned-reply/index.js';
import { CHAT_EVENT_TYPES } from './chat/index.js';
import { CUSTOMER_EVENT_TYPES, EMAIL_CLAIM_EVENT_TYPES } from './customer/index.js';
import { HELD_MAIL_EVENT_TYPES } from './held-mail/index.js';
import { KB_CATEGORY_EVENT_TYPES } from './kb-category/index.js';
import { MAILBOX_EVENT_TYPES } from './mailbox/index.js';
import { CUSTOMER_ACTIVITY_EVENT_TYPES } from './proactive/index.js';
import { EventSchemaRegistry, type EventVersioning } from './shared/versioning.js';
import { SLA_CONFIG_EVENT_TYPES } from './sla-config/index.js';
import { STAFF_EVENT_TYPES } from './staff/index.js';
import { TICKET_EVENT_TYPES } from './ticket/index.js';
import { WEBHOOK_ENDPOINT_EVENT_TYPES } from './webhook/index.js';
import { WIDGET_EVENT_TYPES } from './widget/index.js';

/** Event types whose schema changed, with their current version and the upcasters of older ones. */
const VERSIONED: Readonly<Record<string, EventVersioning>> = { ...AGENT_EVENT_VERSIONS };

/**
 * A registry of every event type of the engine at its current schema version, with the
 * upcasters of older versions. Readers of the store (command handlers, projections,
 * workflows) all use this one so an event type is never known to one and not another. A
 * schema change bumps the type's version here and adds its upcaster.
 */
export function createDomainEventRegistry(): EventSchemaRegistry {
  const registry = new EventSchemaRegistry();
  for (const type of [
    ...TICKET_EVENT_TYPES,
    ...CHAT_EVENT_TYPES,
    ...AGENT_EVENT_TYPES,
    ...CUSTOMER_EVENT_TYPES,
    ...EMAIL_CLAIM_EVENT_TYPES,
    ...CUSTOMER_ACTIVITY_EVENT_TYPES,
    ...STAFF_EVENT_TYPES,
    ...WEBHOOK_ENDPOINT_EVENT_TYPES,
    ...SLA_CONFIG_EVENT_TYPES,
    ...CANNED_REPLY_EVENT_TYPES,
    ...ARTICLE_EVENT_TYPES,
    ...SLUG_CLAIM_EVENT_TYPES,
    ...ARTICLE_READER_EVENT_TYPES,
    ...KB_CATEGORY_EVENT_TYPES,
    ...HELD_MAIL_EVENT_TYPES,
    ...MAILBOX_EVENT_TYPES,
    ...WIDGET_EVENT_TYPES,
  ]) {
    const versioned = VERSIONED[type];
    registry.register(type, versioned?.version ?? 1);
    for (const [from, upcast] of Object.entries(versioned?.upcasters ?? {})) {
      registry.upcaster(type, Number(from), upcast);
    }
  }
  return registry;
}
