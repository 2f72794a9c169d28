import { EventSchemaRegistry, registerChatEvents, registerTicketEvents } from '@support-engine/domain';

/** The schema registry of the events the workflows fold: tickets and chats. */
export function createWorkflowEventRegistry(): EventSchemaRegistry {
  return registerChatEvents(registerTicketEvents(new EventSchemaRegistry()));
}
