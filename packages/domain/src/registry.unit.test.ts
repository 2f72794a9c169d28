import { describe, expect, it } from 'vitest';
import { AGENT_EVENT_TYPES } from './agent/index.js';
import { ARTICLE_EVENT_TYPES, ARTICLE_READER_EVENT_TYPES, SLUG_CLAIM_EVENT_TYPES } from './article/index.js';
import { CHAT_EVENT_TYPES } from './chat/index.js';
import { CUSTOMER_EVENT_TYPES } from './customer/index.js';
import { KB_CATEGORY_EVENT_TYPES } from './kb-category/index.js';
import { CUSTOMER_ACTIVITY_EVENT_TYPES } from './proactive/index.js';
import { createDomainEventRegistry } from './registry.js';
import { STAFF_EVENT_TYPES } from './staff/index.js';
import { TICKET_EVENT_TYPES } from './ticket/index.js';
import { WEBHOOK_ENDPOINT_EVENT_TYPES } from './webhook/index.js';

describe('createDomainEventRegistry', () => {
  const registry = createDomainEventRegistry();
  const all = [
    ...TICKET_EVENT_TYPES,
    ...CHAT_EVENT_TYPES,
    ...AGENT_EVENT_TYPES,
    ...CUSTOMER_EVENT_TYPES,
    ...CUSTOMER_ACTIVITY_EVENT_TYPES,
    ...STAFF_EVENT_TYPES,
    ...WEBHOOK_ENDPOINT_EVENT_TYPES,
    ...ARTICLE_EVENT_TYPES,
    ...SLUG_CLAIM_EVENT_TYPES,
    ...ARTICLE_READER_EVENT_TYPES,
    ...KB_CATEGORY_EVENT_TYPES,
  ];

  it('knows every event type of every aggregate, and no name is shared by two aggregates', () => {
    expect(new Set(all).size).toBe(all.length);
    for (const type of all) expect(registry.knows(type)).toBe(true);
  });

  it('refuses unknown types and future versions loudly', () => {
    expect(() => registry.upcast({ type: 'TicketTeleported', schemaVersion: 1, data: {} })).toThrow(
      /Unknown event type/,
    );
    expect(() => registry.upcast({ type: 'TicketOpened', schemaVersion: 2, data: {} })).toThrow(/schema version 2/);
  });

  it('upcasts old versions through the registered steps', () => {
    registry.register('TicketOpened', 2).upcaster('TicketOpened', 1, (data) => ({ ...(data as object), upcast: true }));
    expect(registry.upcast({ type: 'TicketOpened', schemaVersion: 1, data: { a: 1 } })).toEqual({
      type: 'TicketOpened',
      data: { a: 1, upcast: true },
    });
  });
});
