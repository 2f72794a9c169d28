/**
 * The chat lives and agent days the projection benchmark replays: a team of agents registers and
 * comes online, then chats come in cohorts. Each chat is eight or nine events on its own stream
 * (started, messages, routed, sometimes transferred, closed, rated) and two on its agent's (the
 * slot reserved and given back); between cohorts every agent takes a break and comes back, and
 * one agent has a profile change of each kind. Written straight through the store's
 * `append_events`, one statement per cohort half, so streams interleave as concurrent work would.
 */
import type pg from 'pg';
import { appendStreams, type BenchEvent } from './append-streams.js';

/** Agents on the team. */
export const BENCH_AGENTS = 200;
// Chats whose lives interleave in the log, and so the most that wait at once.
const COHORT = 1_000;

const MINUTE = 60_000;
const T0 = Date.parse('2025-01-06T08:00:00.000Z');

// The two agent event types at version 2 (the registry upcasts older ones; these are current).
const V2 = new Set(['AgentRegistered', 'AgentAvailabilityChanged']);
const event = (type: string, data: Record<string, unknown>): BenchEvent => ({
  type,
  schemaVersion: V2.has(type) ? 2 : 1,
  data,
});

const agentId = (n: number) => `agent-${n % BENCH_AGENTS}`;
const system = { id: 'router', role: 'system' };
const supervisor = { id: 'sup-1', role: 'supervisor' };

/** Every agent registers and comes online. */
function team(): Map<string, BenchEvent[]> {
  const streams = new Map<string, BenchEvent[]>();
  for (let i = 0; i < BENCH_AGENTS; i++) {
    const id = agentId(i);
    const at = new Date(T0 - 60 * MINUTE + i).toISOString();
    streams.set(`agent-${id}`, [
      event('AgentRegistered', {
        at,
        actor: supervisor,
        agentId: id,
        name: `Agent ${i}`,
        skills: [(['billing', 'shipping', 'login', 'bug'] as const)[i % 4]],
        languages: i % 3 === 0 ? ['en', 'fr'] : ['en'],
        tier: (1 + (i % 3)) as 1 | 2 | 3,
        capacity: 3 + (i % 4),
        ticketCapacity: i % 2 === 0 ? null : 20,
        performanceRating: 5,
      }),
      event('AgentAvailabilityChanged', {
        at,
        actor: { id, role: 'agent' },
        agentId: id,
        availability: 'available',
        previous: 'offline',
      }),
    ]);
  }
  return streams;
}

/** One chat's events, split in the two halves its cohort appends, plus its agents' events. */
function chatLife(n: number): { first: BenchEvent[]; second: BenchEvent[]; reserve: BenchEvent; release: BenchEvent } {
  const chatId = `bc-${n}`;
  const customer = { id: `customer-${n % 5000}`, role: 'customer' };
  const agent = { id: agentId(n), role: 'agent' };
  const started = T0 + n * 6_000;
  const at = (minutes: number) => new Date(started + minutes * MINUTE).toISOString();
  const message = (minutes: number, from: 'customer' | 'agent', body: string, internal = false) =>
    event('ChatMessageSent', {
      at: at(minutes),
      actor: from === 'customer' ? customer : agent,
      chatId,
      messageId: `${chatId}-m${minutes}`,
      from,
      authorId: from === 'customer' ? customer.id : agent.id,
      body,
      internal,
    });
  const item = { kind: 'chat', id: chatId, tier: 1 };
  const reservationId = `r-${chatId}`;
  const score = 1 + (n % 5);
  const first = [
    event('ChatStarted', {
      at: at(0),
      actor: customer,
      chatId,
      customerId: customer.id,
      priority: (['low', 'medium', 'high', 'urgent'] as const)[n % 4],
      category: (['billing', 'shipping', 'login', 'bug'] as const)[n % 4],
      language: n % 3 === 0 ? 'fr' : 'en',
    }),
    message(0.5, 'customer', `Hello, my order ${n} has not arrived yet.`),
    event('ChatAssigned', { at: at(1), actor: system, chatId, agentId: agent.id, mode: 'routed' }),
    message(2, 'agent', 'Let me look that up for you.'),
  ];
  const second = [
    message(3, 'customer', 'Thanks, the tracking page shows nothing since Monday.'),
    n % 10 === 0
      ? event('ChatTransferred', {
          at: at(4),
          actor: agent,
          chatId,
          fromAgentId: agent.id,
          toAgentId: agentId(n + 1),
          reason: 'shipping specialist',
        })
      : message(
          4,
          'agent',
          n % 3 === 0 ? 'Carrier lost it, resend approved.' : 'A new parcel is on its way.',
          n % 3 === 0,
        ),
    event('ChatClosed', { at: at(8), actor: agent, chatId, cause: n % 7 === 0 ? 'inactivity' : 'ended' }),
    event('ChatRated', { at: at(9), actor: customer, chatId, customerId: customer.id, agentId: agent.id, score }),
    ...(score <= 2
      ? [event('ChatFollowUpRequested', { at: at(9), actor: system, chatId, customerId: customer.id, score })]
      : []),
  ];
  return {
    first,
    second,
    reserve: event('AgentWorkReserved', {
      at: at(1),
      actor: system,
      agentId: agent.id,
      reservationId,
      item,
      itemVersion: 1,
      mode: 'routed',
    }),
    release: event('AgentWorkReleased', {
      at: at(8),
      actor: system,
      agentId: agent.id,
      released: [{ reservationId, item, reservedAt: at(1) }],
      cause: 'ended',
    }),
  };
}

/** The agents' own events of cohort `c`: a break for everyone, and one agent's profile changes. */
function agentDay(c: number, streams: Map<string, BenchEvent[]>, at: string): void {
  for (let i = 0; i < BENCH_AGENTS; i++) {
    const id = agentId(i);
    const actor = { id, role: 'agent' };
    push(streams, `agent-${id}`, [
      event('AgentAvailabilityChanged', { at, actor, agentId: id, availability: 'break', previous: 'available' }),
      event('AgentAvailabilityChanged', { at, actor, agentId: id, availability: 'available', previous: 'break' }),
    ]);
  }
  const id = agentId(c);
  push(streams, `agent-${id}`, [
    event('AgentCapacityChanged', { at, actor: supervisor, agentId: id, capacity: 1 + (c % 8) }),
    event('AgentTicketCapacityChanged', { at, actor: supervisor, agentId: id, ticketCapacity: 10 + (c % 5) }),
    event('AgentSkillsUpdated', { at, actor: supervisor, agentId: id, skills: ['billing', 'bug'], languages: ['en'] }),
    event('AgentTierChanged', { at, actor: supervisor, agentId: id, tier: 1 + (c % 3), previous: 1 }),
    event('AgentPerformanceRated', { at, actor: supervisor, agentId: id, rating: c % 11 }),
  ]);
}

function push(streams: Map<string, BenchEvent[]>, stream: string, events: readonly BenchEvent[]): void {
  const list = streams.get(stream);
  if (list) list.push(...events);
  else streams.set(stream, [...events]);
}

/** The first events of the log, for a schema check: an agent's registration and one chat's life. */
export function sampleChatEvents(): { type: string; data: Record<string, unknown> }[] {
  const life = chatLife(0);
  return [...team().values()]
    .flat()
    .slice(0, 2)
    .concat(life.first, life.reserve, life.second, life.release)
    .map(({ type, data }) => ({ type, data }));
}

/** Appends the team and `chats` chat lives; answers how many events it wrote. */
export async function writeChatEvents(pool: pg.Pool, chats: number): Promise<number> {
  let written = 0;
  const append = async (streams: Map<string, BenchEvent[]>) => {
    written += await appendStreams(pool, streams);
  };
  await append(team());
  for (let first = 0, c = 0; first < chats; first += COHORT, c++) {
    const lives = Array.from(
      { length: Math.min(COHORT, chats - first) },
      (_, i) => [first + i, chatLife(first + i)] as const,
    );
    const opening = new Map<string, BenchEvent[]>();
    const closing = new Map<string, BenchEvent[]>();
    agentDay(c, opening, new Date(T0 + first * 6_000).toISOString());
    for (const [n, life] of lives) {
      opening.set(`chat-bc-${n}`, life.first);
      push(opening, `agent-${agentId(n)}`, [life.reserve]);
      closing.set(`chat-bc-${n}`, life.second);
      push(closing, `agent-${agentId(n)}`, [life.release]);
    }
    await append(opening);
    await append(closing);
  }
  return written;
}
