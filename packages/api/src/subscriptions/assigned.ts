import type { WorkKind } from '@support-engine/domain/agent';
import type { RoutingExplanation } from '@support-engine/domain/routing';
import { encodeCheckpoint, type RecordedEvent } from '@support-engine/eventstore';
import { EventDecoder, type ProjectedEvent } from '@support-engine/projections';
import { defineSubscription } from '../graphql/secure.js';

/** A ticket or chat given to an agent: the schema's `AssignedWork`, and who received it. */
export interface GivenWork {
  readonly agentId: string;
  readonly kind: WorkKind;
  readonly id: string;
  readonly mode: 'accepted' | 'assigned' | 'routed' | 'transferred';
  readonly at: string;
  readonly consistencyToken: string;
  readonly routing: RoutingExplanation | null;
}

/** The events that give work to an agent. */
const GIVING: ReadonlySet<string> = new Set(['TicketAssigned', 'ChatAssigned', 'ChatTransferred']);
const decoder = new EventDecoder('assignedToMe');

/** What an event gives to whom, or `null` for events that give nothing. */
function givenWork(event: RecordedEvent): GivenWork | null {
  if (!GIVING.has(event.type)) return null;
  let decoded: ProjectedEvent | null;
  try {
    decoded = decoder.decode(event, GIVING);
  } catch {
    // The projections stop, loudly, on an event they cannot read; here it must not break the shared feed.
    return null;
  }
  const consistencyToken = encodeCheckpoint(event.checkpoint);
  switch (decoded?.type) {
    case 'TicketAssigned': {
      const { agentId, ticketId, at, routing } = decoded.data;
      const mode = routing ? 'routed' : 'assigned';
      return { agentId, kind: 'ticket', id: ticketId, mode, at, consistencyToken, routing: routing ?? null };
    }
    case 'ChatAssigned': {
      const { agentId, chatId, at, mode, routing } = decoded.data;
      return { agentId, kind: 'chat', id: chatId, mode, at, consistencyToken, routing: routing ?? null };
    }
    case 'ChatTransferred': {
      const { toAgentId, chatId, at } = decoded.data;
      return { agentId: toAgentId, kind: 'chat', id: chatId, mode: 'transferred', at, consistencyToken, routing: null };
    }
    default:
      return null;
  }
}

/** Each ticket or chat given to the subscriber: assigned, routed, accepted or transferred to them. */
export const assignedToMe = defineSubscription<object, RecordedEvent>(
  (_args, context, principal) => context.services.feed.events((event) => givenWork(event)?.agentId === principal.id),
  givenWork,
);
