import { AGENT_EVENT_TYPES, type AgentEvent, type ChatEvent, type TicketEvent } from '@support-engine/domain';
import { sql, type Updateable } from 'kysely';
import type { ProjectedEvent } from '../../events.js';
import type { Projection, ReadModelTransaction } from '../../projection.js';
import type { AgentsTable } from '../../schema.js';
import { sequentialProjection } from '../sequential.js';

/** Options of {@link createAgentsProjection}. */
export interface AgentsProjectionOptions {
  /** Checkpoint and lock name; `agents` by default. */
  readonly name?: string;
}

type Handled = AgentEvent | TicketEvent | ChatEvent;

/** Ticket and chat events that move work between agents or end it. */
const WORK_EVENT_TYPES = [
  'TicketOpened',
  'TicketAssigned',
  'TicketUnassigned',
  'TicketStatusChanged',
  'TicketAutoClosed',
  'ChatStarted',
  'ChatAssigned',
  'ChatTransferred',
  'ChatClosed',
] as const satisfies readonly Handled['type'][];

/** Statuses in which a ticket still counts towards its assignee's workload. */
const ACTIVE_TICKET_STATUSES = new Set(['new', 'in_progress', 'waiting_customer']);

/**
 * The `agents` read model: profile, availability, capacity and workload. Workload is the
 * number of active tickets (assigned, not resolved or closed) and active chats (assigned, not
 * closed), kept in this projection's own `agent_work_items` and recounted once per batch for
 * the agents a batch touched.
 */
export function createAgentsProjection(options: AgentsProjectionOptions = {}): Projection {
  return sequentialProjection<Handled, Set<string>>({
    name: options.name ?? 'agents',
    eventTypes: [...AGENT_EVENT_TYPES, ...WORK_EVENT_TYPES],
    tables: ['agents', 'agent_work_items'],
    begin: () => new Set<string>(),
    applyOne: (trx, event, touched) => applyAgentEvent(trx, event, touched),
    end: (trx, touched) => recountWorkload(trx, [...touched]),
  });
}

async function applyAgentEvent(
  trx: ReadModelTransaction,
  event: ProjectedEvent<Handled>,
  touched: Set<string>,
): Promise<void> {
  const { data } = event;
  switch (event.type) {
    case 'AgentRegistered':
      touched.add(event.data.agentId);
      await trx
        .insertInto('agents')
        .values({
          agent_id: event.data.agentId,
          name: event.data.name,
          skills: event.data.skills,
          languages: event.data.languages,
          tier: event.data.tier,
          capacity: event.data.capacity,
          performance_rating: event.data.performanceRating,
          availability: 'offline',
          active_tickets: 0,
          active_chats: 0,
          registered_at: data.at,
          updated_at: data.at,
        })
        .execute();
      return;
    case 'AgentAvailabilityChanged':
      return updateAgent(trx, event.data.agentId, { availability: event.data.availability, updated_at: data.at });
    case 'AgentCapacityChanged':
      return updateAgent(trx, event.data.agentId, { capacity: event.data.capacity, updated_at: data.at });
    case 'AgentSkillsUpdated':
      return updateAgent(trx, event.data.agentId, {
        skills: event.data.skills,
        languages: event.data.languages,
        updated_at: data.at,
      });
    case 'AgentPerformanceRated':
      return updateAgent(trx, event.data.agentId, { performance_rating: event.data.rating, updated_at: data.at });
    case 'TicketOpened':
      return openItem(trx, 'ticket', event.data.ticketId);
    case 'ChatStarted':
      return openItem(trx, 'chat', event.data.chatId);
    case 'TicketAssigned':
      return moveItem(trx, 'ticket', event.data.ticketId, event.data.agentId, touched);
    case 'TicketUnassigned':
      return moveItem(trx, 'ticket', event.data.ticketId, null, touched);
    case 'ChatAssigned':
      return moveItem(trx, 'chat', event.data.chatId, event.data.agentId, touched);
    case 'ChatTransferred':
      return moveItem(trx, 'chat', event.data.chatId, event.data.toAgentId, touched);
    case 'TicketStatusChanged':
      return setActive(trx, 'ticket', event.data.ticketId, ACTIVE_TICKET_STATUSES.has(event.data.to), touched);
    case 'TicketAutoClosed':
      return setActive(trx, 'ticket', event.data.ticketId, false, touched);
    case 'ChatClosed':
      return setActive(trx, 'chat', event.data.chatId, false, touched);
  }
}

async function updateAgent(trx: ReadModelTransaction, agentId: string, values: Updateable<AgentsTable>): Promise<void> {
  await trx.updateTable('agents').set(values).where('agent_id', '=', agentId).execute();
}

async function openItem(trx: ReadModelTransaction, kind: 'ticket' | 'chat', itemId: string): Promise<void> {
  await trx.insertInto('agent_work_items').values({ kind, item_id: itemId, agent_id: null, active: true }).execute();
}

/** Gives the item to `agentId` (or nobody); the previous and the new holder are both recounted. */
async function moveItem(
  trx: ReadModelTransaction,
  kind: 'ticket' | 'chat',
  itemId: string,
  agentId: string | null,
  touched: Set<string>,
): Promise<void> {
  const previous = await trx
    .selectFrom('agent_work_items')
    .select('agent_id')
    .where('kind', '=', kind)
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  if (previous?.agent_id) touched.add(previous.agent_id);
  if (agentId) touched.add(agentId);
  await trx
    .updateTable('agent_work_items')
    .set({ agent_id: agentId })
    .where('kind', '=', kind)
    .where('item_id', '=', itemId)
    .execute();
}

async function setActive(
  trx: ReadModelTransaction,
  kind: 'ticket' | 'chat',
  itemId: string,
  active: boolean,
  touched: Set<string>,
): Promise<void> {
  const item = await trx
    .updateTable('agent_work_items')
    .set({ active })
    .where('kind', '=', kind)
    .where('item_id', '=', itemId)
    .returning('agent_id')
    .executeTakeFirst();
  if (item?.agent_id) touched.add(item.agent_id);
}

async function recountWorkload(trx: ReadModelTransaction, agentIds: readonly string[]): Promise<void> {
  if (agentIds.length === 0) return;
  await trx
    .updateTable('agents')
    .set({
      active_tickets: sql<number>`(select count(*) from agent_work_items w
        where w.agent_id = agents.agent_id and w.kind = 'ticket' and w.active)`,
      active_chats: sql<number>`(select count(*) from agent_work_items w
        where w.agent_id = agents.agent_id and w.kind = 'chat' and w.active)`,
    })
    .where('agent_id', 'in', agentIds)
    .execute();
}
