import { type Actor, createDomainEventRegistry, DAY_MS, isDomainError, streamId } from '@support-engine/domain';
import type { AgentEvent, Availability } from '@support-engine/domain/agent';
import type { ChatCommand, ChatEvent } from '@support-engine/domain/chat';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchUp } from '../projector.js';
import { createAgentsProjection } from '../read-models/agents/projection.js';
import { createChatsProjection } from '../read-models/chats/projection.js';
import { createHarness, type Harness, SUPERVISOR, T0 } from '../testing/harness.fixture.js';
import { type ChatMetricsGroup, chatMetrics, WORKING_PRESENCE } from './chat-metrics.js';

// The chat report, recomputed by brute force from the events: random chat histories and agent
// presence changes go through the real deciders into the store and through the chats and agents
// projections into PostgreSQL; what chatMetrics reads must be what folding the events in plain
// TypeScript gives (utilisation by walking every elementary interval between event times).

const registry = createDomainEventRegistry();
const projections = [createChatsProjection(), createAgentsProjection()];
const CUSTOMER: Actor = { id: 'cora', role: 'customer' };
const CATEGORIES = ['billing', 'tech', null] as const;
const PRESENCE: readonly Availability[] = ['available', 'busy', 'break', 'training', 'offline'];
const MINUTE = 60_000;
/** Each run's events fall within a day of its period's start; runs sit 5 days apart. */
const RUN_SPACING_MS = 5 * DAY_MS;
const SPREAD_MINUTES = 6 * 60;

type ChatStep =
  | { kind: 'assign'; agent: number }
  | { kind: 'transfer'; agent: number }
  | { kind: 'close' }
  | { kind: 'convert' }
  | { kind: 'rate'; score: number };

const chatStep: fc.Arbitrary<{ afterMinutes: number; step: ChatStep }> = fc.record({
  afterMinutes: fc.integer({ min: 0, max: 90 }),
  step: fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant('assign' as const), agent: fc.integer({ min: 0, max: 1 }) }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('transfer' as const), agent: fc.integer({ min: 0, max: 1 }) }),
    },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('close' as const) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('convert' as const) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('rate' as const), score: fc.integer({ min: 1, max: 5 }) }) },
  ),
});

const scenario = fc.record({
  chats: fc.array(
    fc.record({
      startMinute: fc.integer({ min: -SPREAD_MINUTES, max: SPREAD_MINUTES }),
      category: fc.constantFrom(...CATEGORIES),
      steps: fc.array(chatStep, { maxLength: 6 }),
    }),
    { minLength: 1, maxLength: 6 },
  ),
  presence: fc.array(
    fc.record({
      minute: fc.integer({ min: -SPREAD_MINUTES, max: SPREAD_MINUTES }),
      agent: fc.integer({ min: 0, max: 1 }),
      availability: fc.constantFrom(...PRESENCE),
    }),
    { maxLength: 10 },
  ),
  fromMinute: fc.integer({ min: -SPREAD_MINUTES, max: 0 }),
  lengthMinutes: fc.integer({ min: 1, max: 2 * SPREAD_MINUTES }),
  nowMinute: fc.integer({ min: -SPREAD_MINUTES, max: 2 * SPREAD_MINUTES }),
});

/** A chat as its events say, folded without the projection's code. */
interface FoldedChat {
  readonly startedAt: number;
  readonly category: string | null;
  assignedAt: number | null;
  closedAt: number | null;
  closeCause: string | null;
  assignee: string | null;
  converted: boolean;
  score: number | null;
  /** Who held it when; `to` null while held. */
  holds: { agent: string; from: number; to: number | null }[];
}

function foldChat(events: readonly ChatEvent[]): FoldedChat {
  const started = events[0]!;
  if (started.type !== 'ChatStarted') throw new Error('a chat stream starts with ChatStarted');
  const chat: FoldedChat = {
    startedAt: Date.parse(started.data.at),
    category: started.data.category ?? null,
    assignedAt: null,
    closedAt: null,
    closeCause: null,
    assignee: null,
    converted: false,
    score: null,
    holds: [],
  };
  const endHold = (at: number) => {
    for (const hold of chat.holds) hold.to ??= at;
  };
  for (const event of events.slice(1)) {
    const at = Date.parse(event.data.at);
    switch (event.type) {
      case 'ChatAssigned':
        chat.assignedAt ??= at;
        chat.assignee = event.data.agentId;
        chat.holds.push({ agent: event.data.agentId, from: at, to: null });
        break;
      case 'ChatTransferred':
        chat.assignee = event.data.toAgentId;
        endHold(at);
        chat.holds.push({ agent: event.data.toAgentId, from: at, to: null });
        break;
      case 'ChatClosed':
        chat.closedAt = at;
        chat.closeCause = event.data.cause;
        endHold(at);
        break;
      case 'ChatConvertedToTicket':
        chat.converted = true;
        break;
      case 'ChatRated':
        chat.score = event.data.score;
        break;
      default:
        break;
    }
  }
  return chat;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

// Averages are compared to the microsecond: PostgreSQL and TypeScript add floats in other orders.
const rounded = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 1000);
const stats = (values: readonly number[]) => ({
  count: values.length,
  averageMs: rounded(values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length),
  medianMs: median(values),
});
const share = (count: number, of: number) => ({ count, of, rate: of === 0 ? null : count / of });

function expectedGroup(chats: readonly FoldedChat[]) {
  const closed = chats.filter((c) => c.closedAt !== null);
  const scores = chats.flatMap((c) => (c.score === null ? [] : [c.score]));
  return {
    chats: chats.length,
    waitTime: stats(chats.flatMap((c) => (c.assignedAt === null ? [] : [c.assignedAt - c.startedAt]))),
    duration: stats(closed.map((c) => c.closedAt! - c.startedAt)),
    // Closed unassigned, but not by becoming a ticket (a waiting chat's conversion closes it).
    abandonment: share(
      closed.filter((c) => c.assignedAt === null && c.closeCause !== 'converted').length,
      closed.length,
    ),
    conversion: share(chats.filter((c) => c.converted).length, chats.length),
    csat: {
      count: scores.length,
      average: rounded(scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length),
    },
  };
}

const actualGroup = (group: ChatMetricsGroup) => ({
  ...group,
  waitTime: { ...group.waitTime, averageMs: rounded(group.waitTime.averageMs) },
  duration: { ...group.duration, averageMs: rounded(group.duration.averageMs) },
  csat: { ...group.csat, average: rounded(group.csat.average) },
});

function groupBy(chats: readonly FoldedChat[], key: (chat: FoldedChat) => string) {
  const groups = new Map<string, FoldedChat[]>();
  for (const chat of chats) groups.set(key(chat), [...(groups.get(key(chat)) ?? []), chat]);
  return Object.fromEntries([...groups].map(([k, members]) => [k, expectedGroup(members)]));
}

type Interval = { from: number; to: number | null };
const covers = (intervals: readonly Interval[], t: number) =>
  intervals.some((i) => i.from <= t && (i.to === null || t < i.to));

/** Utilisation by brute force: every elementary interval between event times, tested by its start. */
function expectedUtilisation(
  presence: ReadonlyMap<string, Interval[]>,
  holds: ReadonlyMap<string, Interval[]>,
  from: number,
  end: number,
) {
  const result = [];
  for (const [agentId, working] of [...presence].sort(([a], [b]) => a.localeCompare(b))) {
    const held = holds.get(agentId) ?? [];
    const points = [from, end, ...[...working, ...held].flatMap((i) => [i.from, ...(i.to === null ? [] : [i.to])])]
      .filter((t) => t >= from && t <= end)
      .sort((a, b) => a - b);
    let availableMs = 0;
    let busyMs = 0;
    for (let i = 0; i + 1 < points.length; i++) {
      const [start, stop] = [points[i]!, points[i + 1]!];
      if (stop === start || !covers(working, start)) continue;
      availableMs += stop - start;
      if (covers(held, start)) busyMs += stop - start;
    }
    if (availableMs > 0) result.push({ agentId, availableMs, busyMs, rate: busyMs / availableMs });
  }
  return result;
}

function presenceOf(events: readonly AgentEvent[]): Interval[] {
  const periods: (Interval & { working: boolean })[] = [];
  for (const event of events) {
    if (event.type !== 'AgentAvailabilityChanged') continue;
    const at = Date.parse(event.data.at);
    const last = periods.at(-1);
    if (last) last.to = at;
    periods.push({
      from: at,
      to: null,
      working: (WORKING_PRESENCE as readonly string[]).includes(event.data.availability),
    });
  }
  return periods.filter((p) => p.working);
}

let h: Harness;
let run = 0;
// Earlier runs' agents and chats stay in the database (an agent left available, a chat left open
// reach into later periods), so the brute force folds them all.
const allAgents: string[] = [];
const allChats: string[] = [];

beforeAll(async () => {
  h = await createHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('chat report against a brute-force fold of the events', () => {
  it('chatMetrics gives what the events say', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ chats: specs, presence, fromMinute, lengthMinutes, nowMinute }) => {
        run++;
        const periodStart = T0.getTime() + run * RUN_SPACING_MS;
        const agents = [`al-${run}`, `bea-${run}`];
        allAgents.push(...agents);
        const at = (minute: number) => periodStart + minute * MINUTE;
        // Every command of the run, in time order (ties: as generated).
        const actions: { at: number; act: () => Promise<unknown> }[] = [];
        const tolerate = async (act: () => Promise<unknown>) => {
          try {
            await act();
          } catch (error) {
            // Refusals (transferring a waiting chat, rating an open one) are part of random histories.
            if (!isDomainError(error)) throw error;
          }
        };
        for (const [i, agentId] of agents.entries()) {
          const when = at(-SPREAD_MINUTES - 1 - i);
          actions.push({
            at: when,
            act: () =>
              h.desk.agent({ type: 'RegisterAgent', data: { agentId, name: agentId } }, SUPERVISOR, new Date(when)),
          });
        }
        for (const p of presence) {
          const when = at(p.minute);
          const data = { agentId: agents[p.agent]!, availability: p.availability };
          actions.push({
            at: when,
            act: () => h.desk.agent({ type: 'SetAvailability', data }, SUPERVISOR, new Date(when)),
          });
        }
        for (const [i, spec] of specs.entries()) {
          const chatId = `chat-report-${run}-${i}`;
          allChats.push(chatId);
          let when = at(spec.startMinute);
          const command = (c: ChatCommand, actor: Actor, moment: number) => () =>
            h.desk.chat(c, actor, new Date(moment));
          actions.push({
            at: when,
            act: command(
              {
                type: 'StartChat',
                data: {
                  chatId,
                  customerId: CUSTOMER.id,
                  priority: 'medium',
                  ...(spec.category ? { category: spec.category } : {}),
                },
              },
              SUPERVISOR,
              when,
            ),
          });
          for (const { afterMinutes, step } of spec.steps) {
            when += afterMinutes * MINUTE;
            const c: [ChatCommand, Actor] =
              step.kind === 'assign'
                ? [{ type: 'AssignChat', data: { chatId, agentId: agents[step.agent]! } }, SUPERVISOR]
                : step.kind === 'transfer'
                  ? [
                      { type: 'TransferChat', data: { chatId, toAgentId: agents[step.agent]!, reason: 'skills' } },
                      SUPERVISOR,
                    ]
                  : step.kind === 'close'
                    ? [{ type: 'CloseChat', data: { chatId } }, SUPERVISOR]
                    : step.kind === 'convert'
                      ? [{ type: 'ConvertChatToTicket', data: { chatId, ticketId: `${chatId}-ticket` } }, SUPERVISOR]
                      : [{ type: 'RateChat', data: { chatId, score: step.score } }, CUSTOMER];
            actions.push({ at: when, act: command(c[0], c[1], when) });
          }
        }
        const ordered = actions.map((action, index) => ({ ...action, index }));
        ordered.sort((a, b) => a.at - b.at || a.index - b.index);
        for (const action of ordered) await tolerate(action.act);
        for (const projection of projections) await catchUp({ store: h.store, db: h.db, projection });

        const folded: FoldedChat[] = [];
        for (const id of allChats) {
          const events = await h.store.readStream(streamId('chat', id));
          if (events.length > 0) folded.push(foldChat(events.map((event) => registry.upcast(event) as ChatEvent)));
        }
        const presenceByAgent = new Map<string, Interval[]>();
        for (const agentId of allAgents) {
          const events = await h.store.readStream(streamId('agent', agentId));
          presenceByAgent.set(agentId, presenceOf(events.map((event) => registry.upcast(event) as AgentEvent)));
        }
        const holdsByAgent = new Map<string, Interval[]>();
        for (const hold of folded.flatMap((c) => c.holds)) {
          holdsByAgent.set(hold.agent, [...(holdsByAgent.get(hold.agent) ?? []), hold]);
        }

        const from = at(fromMinute);
        const to = from + lengthMinutes * MINUTE;
        const now = at(nowMinute);
        const inRange = folded.filter((c) => c.startedAt >= from && c.startedAt < to);

        const report = await chatMetrics(h.db, { from: new Date(from), to: new Date(to) }, new Date(now));
        expect(actualGroup(report.overall)).toEqual(expectedGroup(inRange));
        const actualGroups = (groups: Readonly<Record<string, ChatMetricsGroup>>) =>
          Object.fromEntries(Object.entries(groups).map(([key, group]) => [key, actualGroup(group)]));
        expect(actualGroups(report.byAgent)).toEqual(groupBy(inRange, (c) => c.assignee ?? 'unassigned'));
        expect(actualGroups(report.byCategory)).toEqual(groupBy(inRange, (c) => c.category ?? 'uncategorized'));
        const end = Math.max(from, Math.min(to, now));
        expect(report.utilisation).toEqual(expectedUtilisation(presenceByAgent, holdsByAgent, from, end));
      }),
      { numRuns: 15 },
    );
  });
});
