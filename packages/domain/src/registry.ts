import { registerAgentEvents } from './agent/index.js';
import { registerChatEvents } from './chat/index.js';
import { registerCustomerEvents } from './customer/index.js';
import { registerCustomerActivityEvents } from './proactive/index.js';
import { EventSchemaRegistry } from './shared/versioning.js';
import { registerTicketEvents } from './ticket/index.js';

/**
 * A registry of every event type of the engine at its current schema version, with the
 * upcasters of older versions. Readers of the store (command handlers, projections,
 * workflows) all use this one so an event type is never known to one and not another.
 */
export function createDomainEventRegistry(): EventSchemaRegistry {
  const registry = new EventSchemaRegistry();
  for (const register of [
    registerTicketEvents,
    registerChatEvents,
    registerAgentEvents,
    registerCustomerEvents,
    registerCustomerActivityEvents,
  ]) {
    register(registry);
  }
  return registry;
}
