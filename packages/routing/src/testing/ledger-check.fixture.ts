/** Test support (not a test file): replays a log and checks the capacity invariant and the ledgers' agreement with the chats. */
import { createDomainEventRegistry, parseStreamId } from '@support-engine/domain';
import {
  type AgentEvent,
  type AgentState,
  evolveAgent,
  heldCount,
  initialAgentState,
} from '@support-engine/domain/agent';
import { type EventStore, START } from '@support-engine/eventstore';

/** What {@link checkLedgers} found wrong (all empty when the log is sound). */
export interface LedgerCheck {
  /** Points of the log where an agent held (by the chats' own records, or by their ledger) more chats than their capacity. */
  readonly overCapacity: string[];
  /** Chats whose owner and the agents' ledgers disagree at the end of the log. */
  readonly mismatches: string[];
  /** Reservations still held for chats that are waiting or closed. */
  readonly leftOpen: string[];
}

/**
 * Replays the whole log in order. At every event it counts, per agent, the chats that name
 * them as their agent and are not closed, and the chats their ledger holds; neither may ever
 * exceed the agent's capacity at that point. At the end, an active chat must be held by its
 * agent's ledger exactly once and by nobody else's, and a waiting or closed chat by nobody's.
 */
export async function checkLedgers(store: EventStore): Promise<LedgerCheck> {
  const registry = createDomainEventRegistry();
  const log = await store.readAll(START, { limit: 1_000_000 });
  const agents = new Map<string, AgentState>();
  const chats = new Map<string, { status: string; assignee: string | null }>();
  const overCapacity: string[] = [];
  for (const recorded of log) {
    const stream = parseStreamId(recorded.streamId);
    const { data } = registry.upcast(recorded) as { data: Record<string, string> };
    if (stream?.category === 'agent') {
      const event = { type: recorded.type, data } as unknown as AgentEvent;
      agents.set(stream.id, evolveAgent(agents.get(stream.id) ?? initialAgentState, event));
    }
    if (stream?.category === 'chat') {
      const chat = chats.get(stream.id) ?? { status: 'waiting', assignee: null };
      if (recorded.type === 'ChatAssigned') chats.set(stream.id, { status: 'active', assignee: data.agentId ?? null });
      else if (recorded.type === 'ChatTransferred') chats.set(stream.id, { ...chat, assignee: data.toAgentId ?? null });
      else if (recorded.type === 'ChatTransferredToQueue') chats.set(stream.id, { status: 'waiting', assignee: null });
      else if (recorded.type === 'ChatClosed') chats.set(stream.id, { ...chat, status: 'closed' });
      else chats.set(stream.id, chat);
    }
    for (const [agentId, agent] of agents) {
      if (agent.status === 'none') continue;
      const named = [...chats.values()].filter((c) => c.status === 'active' && c.assignee === agentId).length;
      const held = heldCount(agent, 'chat');
      if (named > agent.capacity || held > agent.capacity) {
        overCapacity.push(
          `${agentId} at ${recorded.streamId}@${recorded.streamVersion}: named by ${named}, holds ${held}, capacity ${agent.capacity}`,
        );
      }
    }
  }
  const mismatches: string[] = [];
  const leftOpen: string[] = [];
  for (const [chatId, chat] of chats) {
    const holders = [...agents].flatMap(([agentId, agent]) =>
      agent.status === 'none'
        ? []
        : agent.holdings.filter((h) => h.item.kind === 'chat' && h.item.id === chatId).map(() => agentId),
    );
    if (chat.status === 'active') {
      if (holders.length !== 1 || holders[0] !== chat.assignee) {
        mismatches.push(`${chatId} is with ${chat.assignee}, held by [${holders.join(', ')}]`);
      }
    } else if (holders.length > 0) {
      leftOpen.push(`${chatId} is ${chat.status}, still held by [${holders.join(', ')}]`);
    }
  }
  return { overCapacity, mismatches, leftOpen };
}
