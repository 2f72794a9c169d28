import type { EventSchemaRegistry } from '../shared/versioning.js';
import { TICKET_EVENT_TYPES } from './events.js';

/** Declares every ticket event type in `registry` at its current schema version (all 1 so far). */
export function registerTicketEvents(registry: EventSchemaRegistry): EventSchemaRegistry {
  for (const type of TICKET_EVENT_TYPES) registry.register(type, 1);
  return registry;
}
