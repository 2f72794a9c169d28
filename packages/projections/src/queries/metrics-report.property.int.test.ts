import {
  type Actor,
  createDomainEventRegistry,
  DAY_MS,
  HOUR_MS,
  isDomainError,
  SLA_METRICS,
  streamId,
  TicketPriority,
} from '@support-engine/domain';
import { type SlaMetricId, STANDARD_POLICY } from '@support-engine/domain/sla';
import {
  DEFAULT_TICKET_TIMINGS,
  EMPTY_TICKET_TIMELINE,
  evolveTicketTimeline,
  MAX_TIER,
  TicketChannel,
  type TicketCommandInput,
  type TicketEvent,
  ticketDuties,
} from '@support-engine/domain/ticket';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchUp } from '../projector.js';
import { durationBucket, durationBucketBounds } from '../read-models/tickets/duration-histogram.js';
import { createTicketsProjection } from '../read-models/tickets/projection.js';
import {
  ROLLUP_FIGURES,
  ROLLUP_TICKET_COLUMNS,
  RollupDelta,
  rollupTicketOf,
} from '../read-models/tickets/report-rollup.js';
import { createHarness, type Harness, SUPERVISOR, T0 } from '../testing/harness.fixture.js';
import { type MetricsGroup, ticketMetrics } from './metrics.js';
import { type SeriesBucket, ticketSeries } from './metrics-series.js';
import type { ReportInterval } from './series-buckets.js';

// The report figures, recomputed by brute force from each ticket's events (not from its row):
// random ticket histories go through the real deciders into the store and through the tickets
// projection into PostgreSQL; the figures ticketMetrics and ticketSeries read from the rows must
// be what folding the events in plain TypeScript gives.

const registry = createDomainEventRegistry();
const projection = createTicketsProjection();
const CUSTOMER: Actor = { id: 'carl', role: 'customer' };
const AGENTS = ['al', 'bea'] as const;
const TAGS = ['vip', 'refund', 'bug'] as const;
const CATEGORIES = ['billing', 'bug', null] as const;
const MINUTE = 60_000;
/** Each run's tickets open within 8 days either side of its period's start; runs sit 20 days apart. */
const RUN_SPACING_MS = 20 * DAY_MS;
const SPREAD_MS = 8 * DAY_MS;

type Step =
  | { kind: 'wait'; minutes: number }
  | { kind: 'assign'; agent: (typeof AGENTS)[number] }
  | { kind: 'unassign' }
  | { kind: 'reply'; internal: boolean; next?: 'waiting_customer' | 'resolved' }
  | { kind: 'customer' }
  | { kind: 'status'; to: 'in_progress' | 'waiting_customer' | 'resolved' | 'closed' }
  | { kind: 'spam'; as: 'spam' | 'invalid' }
  | { kind: 'escalate' }
  | { kind: 'tag'; add: boolean; tags: (typeof TAGS)[number][] }
  | { kind: 'category'; to: (typeof CATEGORIES)[number] }
  | { kind: 'priority'; to: 'low' | 'normal' | 'high' | 'urgent' };

// Weighted towards what the figures count: replies, resolutions, reopens, escalations.
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 1_500 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('assign' as const), agent: fc.constantFrom(...AGENTS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unassign' as const) }) },
  {
    weight: 5,
    arbitrary: fc.oneof(
      fc.record({ kind: fc.constant('reply' as const), internal: fc.constant(true) }),
      fc.record(
        {
          kind: fc.constant('reply' as const),
          internal: fc.constant(false),
          next: fc.constantFrom('waiting_customer' as const, 'resolved' as const),
        },
        { requiredKeys: ['kind', 'internal'] },
      ),
    ),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('customer' as const) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('status' as const),
      to: fc.constantFrom('in_progress' as const, 'waiting_customer' as const, 'resolved' as const, 'closed' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('spam' as const),
      as: fc.constantFrom('spam' as const, 'invalid' as const),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('escalate' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('tag' as const),
      add: fc.boolean(),
      tags: fc.subarray([...TAGS], { minLength: 1 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('category' as const), to: fc.constantFrom(...CATEGORIES) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('priority' as const),
      to: fc.constantFrom('low' as const, 'normal' as const, 'high' as const, 'urgent' as const),
    }),
  },
);

const ticketSpec = fc.record({
  openedOffsetMinutes: fc.integer({ min: -SPREAD_MS / MINUTE, max: SPREAD_MS / MINUTE - 1 }),
  channel: fc.constantFrom('email' as const, 'web' as const, 'phone' as const),
  priority: fc.constantFrom('low' as const, 'normal' as const, 'urgent' as const),
  category: fc.constantFrom(...CATEGORIES),
  steps: fc.array(step, { minLength: 3, maxLength: 20 }),
});

const scenario = fc.record({
  tickets: fc.array(ticketSpec, { minLength: 1, maxLength: 6 }),
  // The period starts off the hour, so edge buckets are partial; it lasts up to 3 days.
  fromOffsetMinutes: fc.integer({ min: 0, max: 59 }),
  lengthMinutes: fc.integer({ min: 1, max: 3 * 24 * 60 }),
  interval: fc.constantFrom<ReportInterval>('hour', 'day'),
  // Small batches fold the rollup through the tickets' intermediate rows, not just their last.
  batchSize: fc.integer({ min: 1, max: 40 }),
});

/** A ticket as its events say, folded without the projection's code. */
interface Folded {
  readonly openedAt: number;
  channel: string;
  priority: string;
  category: string | null;
  assignee: string | null;
  tier: number;
  tags: string[];
  /** The SLA policy governing the ticket, `null` before one is recorded. */
  policy: string | null;
  staffPublicReplies: number;
  firstResponseMs: number | null;
  resolutionMs: number | null;
  everResolved: boolean;
  reopens: number;
  toSupervisors: boolean;
  /** Why the ticket stands closed; `null` while it is not. */
  closeReason: string | null;
  sla: Record<SlaMetricId, string>;
}

function fold(events: readonly TicketEvent[]): Folded {
  const opened = events[0]!;
  if (opened.type !== 'TicketOpened') throw new Error('a ticket stream starts with TicketOpened');
  const openedAt = Date.parse(opened.data.at);
  const ticket: Folded = {
    openedAt,
    channel: opened.data.channel,
    priority: opened.data.priority,
    category: opened.data.category ?? null,
    assignee: null,
    tier: 1,
    tags: [],
    policy: null,
    staffPublicReplies: 0,
    firstResponseMs: null,
    resolutionMs: null,
    everResolved: false,
    reopens: 0,
    toSupervisors: false,
    closeReason: null,
    sla: { first_response: '', next_response: '', resolution: '' },
  };
  const since = (at: string) => Date.parse(at) - openedAt;
  const enter = (to: string, at: string, closeReason?: string) => {
    if (to === 'resolved') ticket.resolutionMs = since(at);
    else if (to === 'closed') {
      if (ticket.resolutionMs === null && closeReason !== 'spam' && closeReason !== 'invalid')
        ticket.resolutionMs = since(at);
    } else ticket.resolutionMs = null;
    if (ticket.resolutionMs !== null) ticket.everResolved = true;
    ticket.closeReason = to === 'closed' ? (closeReason ?? null) : null;
  };
  for (const event of events.slice(1)) {
    const { data } = event;
    switch (event.type) {
      case 'TicketAgentReplied':
        if (event.data.visibility === 'internal') break;
        ticket.firstResponseMs ??= since(data.at);
        ticket.staffPublicReplies++;
        break;
      case 'TicketStatusChanged':
        if (event.data.reopen) ticket.reopens++;
        enter(event.data.to, data.at, event.data.closeReason);
        break;
      case 'TicketAutoClosed':
        enter('closed', data.at, event.data.closeReason);
        break;
      case 'TicketAssigned':
        ticket.assignee = event.data.agentId;
        break;
      case 'TicketUnassigned':
        ticket.assignee = null;
        break;
      case 'TicketPriorityChanged':
        ticket.priority = event.data.to;
        break;
      case 'TicketCategoryChanged':
        ticket.category = event.data.to;
        break;
      case 'TicketTagsAdded':
        ticket.tags.push(...event.data.tags);
        break;
      case 'TicketTagsRemoved':
        ticket.tags = ticket.tags.filter((tag) => !event.data.tags.includes(tag));
        break;
      case 'TicketEscalated':
        ticket.tier = event.data.toTier;
        break;
      case 'TicketEscalatedToSupervisors':
        ticket.toSupervisors = true;
        break;
      case 'TicketSlaPolicyApplied':
        ticket.policy = event.data.policyId;
        break;
      default:
        break;
    }
  }
  // The SLA standing as the ticket workflow computes it at the ticket's last event.
  const timeline = events.reduce(evolveTicketTimeline, EMPTY_TICKET_TIMELINE);
  const settings = { timings: DEFAULT_TICKET_TIMINGS, slaPolicy: STANDARD_POLICY };
  const sla = ticketDuties(timeline, settings, () => false, Date.parse(events.at(-1)!.data.at)).sla!;
  for (const metric of SLA_METRICS) ticket.sla[metric] = sla.metrics[metric].state;
  return ticket;
}

const rate = (count: number, of: number) => ({ count, of, rate: of === 0 ? null : count / of });

/**
 * What the report's median of `values` must be: the exact median when each middle value has its
 * histogram bucket to itself (or the two middle ones share one alone), else a value within the
 * middle values' buckets. An asymmetric matcher, so whole groups compare with `toEqual`.
 */
function median(values: readonly number[]) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const [low, high] =
    sorted.length % 2 === 1 ? [sorted[middle]!, sorted[middle]!] : [sorted[middle - 1]!, sorted[middle]!];
  const exact = (low + high) / 2;
  const inBucket = (value: number) => sorted.filter((v) => durationBucket(v) === durationBucket(value)).length;
  const exactExpected =
    low === high || durationBucket(low) !== durationBucket(high)
      ? inBucket(low) === 1 && inBucket(high) === 1
      : inBucket(low) === 2;
  const [lower] = durationBucketBounds(durationBucket(low));
  const [, upper] = durationBucketBounds(durationBucket(high));
  return {
    asymmetricMatch: (actual: unknown) =>
      typeof actual === 'number' &&
      (exactExpected ? Math.abs(actual - exact) <= 1e-9 * Math.max(1, exact) : actual >= lower && actual < upper),
    toAsymmetricMatcher: () =>
      exactExpected ? `exactly ${exact}` : `a median within [${lower}, ${upper}) (exact: ${exact})`,
  };
}

// Tickets thrown away as spam or invalid are neither met nor breached.
function compliance(tickets: readonly Folded[]) {
  const counted = tickets.filter((t) => t.closeReason !== 'spam' && t.closeReason !== 'invalid');
  return Object.fromEntries(
    SLA_METRICS.map((metric) => {
      const met = counted.filter((t) => t.sla[metric] === 'met').length;
      const breached = counted.filter((t) => t.sla[metric] === 'breached').length;
      // No goals are given to the report here: none applies.
      const rate = met + breached === 0 ? null : met / (met + breached);
      return [metric, { met, breached, rate, goal: null, meetsGoal: null }];
    }),
  );
}

/** The figures this test checks, by brute force. */
function expectedGroup(tickets: readonly Folded[]) {
  const resolved = tickets.filter((t) => t.resolutionMs !== null);
  const everResolved = tickets.filter((t) => t.everResolved);
  return {
    tickets: tickets.length,
    firstResponseMedianMs: median(tickets.flatMap((t) => (t.firstResponseMs === null ? [] : [t.firstResponseMs]))),
    resolutionMedianMs: median(resolved.map((t) => t.resolutionMs!)),
    slaCompliance: compliance(tickets),
    firstContactResolution: rate(
      resolved.filter((t) => t.staffPublicReplies === 1 && t.reopens === 0).length,
      resolved.length,
    ),
    reopens: rate(everResolved.filter((t) => t.reopens > 0).length, everResolved.length),
    escalation: rate(tickets.filter((t) => t.tier > 1 || t.toSupervisors).length, tickets.length),
    escalationByTier: Array.from({ length: MAX_TIER }, (_, i) => {
      const tier = i + 1;
      const reached = tickets.filter((t) => t.tier >= tier);
      return { tier, ...rate(reached.filter((t) => t.tier > tier || t.toSupervisors).length, reached.length) };
    }),
  };
}

function actualGroup(group: MetricsGroup) {
  return {
    tickets: group.tickets,
    firstResponseMedianMs: group.firstResponse.medianMs,
    resolutionMedianMs: group.resolution.medianMs,
    slaCompliance: group.slaCompliance,
    firstContactResolution: group.firstContactResolution,
    reopens: group.reopens,
    escalation: group.escalation,
    escalationByTier: group.escalationByTier,
  };
}

/** The tickets by key; `always` lists keys shown even without tickets (a closed set's). */
function groupBy(
  tickets: readonly Folded[],
  keys: (ticket: Folded) => readonly string[],
  always: readonly string[] = [],
) {
  const groups = new Map<string, Folded[]>(always.map((key) => [key, []]));
  for (const ticket of tickets) for (const key of keys(ticket)) groups.set(key, [...(groups.get(key) ?? []), ticket]);
  return Object.fromEntries([...groups].map(([key, members]) => [key, expectedGroup(members)]));
}

const actualGroups = (groups: Readonly<Record<string, MetricsGroup>>) =>
  Object.fromEntries(Object.entries(groups).map(([key, group]) => [key, actualGroup(group)]));

function expectedBuckets(tickets: readonly Folded[], from: number, to: number, interval: ReportInterval) {
  const length = interval === 'hour' ? HOUR_MS : DAY_MS;
  const inPeriod = tickets.filter((t) => t.openedAt >= from && t.openedAt < to);
  const buckets = [];
  for (let start = Math.floor(from / length) * length; start < to; start += length) {
    const members = inPeriod.filter((t) => t.openedAt >= start && t.openedAt < start + length);
    const group = expectedGroup(members);
    buckets.push({
      start,
      opened: members.length,
      firstResponseMedianMs: group.firstResponseMedianMs,
      resolutionMedianMs: group.resolutionMedianMs,
      slaCompliance: group.slaCompliance,
    });
  }
  return buckets;
}

const actualBuckets = (buckets: readonly SeriesBucket[]) =>
  buckets.map(({ start, ...figures }) => ({ start: start.getTime(), ...figures }));

/** The rollup table's rows, figures as numbers, in key order. */
async function rollupRows() {
  const { rows } = await sql<Record<string, unknown>>`
    select * from ticket_report_rollup`.execute(h.db);
  return byKey(
    rows.map((row) => ({
      key: `${row.dimension}/${row.grain}/${(row.bucket as Date).toISOString()}/${row.key}`,
      figures: ROLLUP_FIGURES.map((name) => Number(row[name])),
    })),
  );
}

const byKey = <T extends { key: string }>(rows: T[]) => rows.sort((a, b) => (a.key < b.key ? -1 : 1));

/** The rollup folded afresh from every ticket row, in the same shape. */
async function rollupFromTickets() {
  const delta = new RollupDelta();
  const tickets = await h.db.selectFrom('tickets').select(ROLLUP_TICKET_COLUMNS).execute();
  for (const ticket of tickets) delta.add(rollupTicketOf(ticket), 1);
  return byKey(
    delta.changed().map((row) => ({
      key: `${row.dimension}/${row.grain}/${new Date(row.bucket).toISOString()}/${row.key}`,
      figures: Array.from(row.figures),
    })),
  );
}

let h: Harness;
let run = 0;

beforeAll(async () => {
  h = await createHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('ticket reports against a brute-force fold of the events', () => {
  it('ticketMetrics and ticketSeries give what the events say', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ tickets: specs, fromOffsetMinutes, lengthMinutes, interval, batchSize }) => {
        run++;
        const periodStart = T0.getTime() + run * RUN_SPACING_MS;
        const ids: string[] = [];
        for (const [i, spec] of specs.entries()) {
          const ticketId = `report-${run}-${i}`;
          ids.push(ticketId);
          let now = periodStart + spec.openedOffsetMinutes * MINUTE;
          let agent: Actor = { id: AGENTS[0], role: 'agent' };
          const send = async (command: TicketCommandInput, actor: Actor) => {
            try {
              await h.desk.ticket(command, actor, new Date(now));
            } catch (error) {
              // Refusals (a move the lifecycle forbids, nothing to change) are part of random histories.
              if (!isDomainError(error)) throw error;
            }
            now += MINUTE;
          };
          await send(
            {
              type: 'OpenTicket',
              data: {
                ticketId,
                customerId: CUSTOMER.id,
                subject: 'Help',
                description: 'Please',
                channel: spec.channel,
                priority: spec.priority,
                ...(spec.category ? { category: spec.category } : {}),
              },
            },
            CUSTOMER,
          );
          for (const s of spec.steps) {
            switch (s.kind) {
              case 'wait':
                now += s.minutes * MINUTE;
                break;
              case 'assign':
                agent = { id: s.agent, role: 'agent' };
                await send({ type: 'AssignTicket', data: { ticketId, agentId: s.agent } }, SUPERVISOR);
                break;
              case 'unassign':
                await send({ type: 'UnassignTicket', data: { ticketId } }, SUPERVISOR);
                break;
              case 'reply':
                await send(
                  {
                    type: 'ReplyToTicket',
                    data: {
                      ticketId,
                      body: 'Answer',
                      visibility: s.internal ? 'internal' : 'public',
                      ...(s.next ? { nextStatus: s.next } : {}),
                    },
                  },
                  agent,
                );
                break;
              case 'customer':
                await send({ type: 'CustomerReply', data: { ticketId, body: 'More' } }, CUSTOMER);
                break;
              case 'status':
                await send({ type: 'ChangeStatus', data: { ticketId, to: s.to } }, agent);
                break;
              case 'spam':
                await send({ type: 'CloseAsSpam', data: { ticketId, kind: s.as } }, agent);
                break;
              case 'escalate':
                await send({ type: 'Escalate', data: { ticketId, reason: 'complexity' } }, agent);
                break;
              case 'tag':
                await send(
                  { type: s.add ? 'AddTicketTags' : 'RemoveTicketTags', data: { ticketId, tags: s.tags } },
                  agent,
                );
                break;
              case 'category':
                await send({ type: 'ChangeCategory', data: { ticketId, category: s.to } }, agent);
                break;
              case 'priority':
                await send({ type: 'ChangePriority', data: { ticketId, priority: s.to } }, agent);
                break;
            }
          }
        }
        await catchUp({ store: h.store, db: h.db, projection, batchSize });
        // The rollup the batches kept is the one the rows give now.
        expect(await rollupRows()).toEqual(await rollupFromTickets());

        const folded: Folded[] = [];
        for (const id of ids) {
          const events = await h.store.readStream(streamId('ticket', id));
          if (events.length > 0) folded.push(fold(events.map((event) => registry.upcast(event) as TicketEvent)));
        }
        const from = periodStart + fromOffsetMinutes * MINUTE;
        const to = from + lengthMinutes * MINUTE;
        const inRange = folded.filter((t) => t.openedAt >= from && t.openedAt < to);

        const report = await ticketMetrics(h.db, { from: new Date(from), to: new Date(to) });
        expect(actualGroup(report.overall)).toEqual(expectedGroup(inRange));
        expect(actualGroups(report.byAgent)).toEqual(groupBy(inRange, (t) => [t.assignee ?? 'unassigned']));
        expect(actualGroups(report.byChannel)).toEqual(groupBy(inRange, (t) => [t.channel], TicketChannel.options));
        expect(actualGroups(report.byPriority)).toEqual(groupBy(inRange, (t) => [t.priority], TicketPriority.options));
        expect(actualGroups(report.byCategory)).toEqual(groupBy(inRange, (t) => [t.category ?? 'uncategorized']));
        expect(actualGroups(report.byTier)).toEqual(
          groupBy(
            inRange,
            (t) => [String(t.tier)],
            Array.from({ length: MAX_TIER }, (_, i) => String(i + 1)),
          ),
        );
        expect(actualGroups(report.byTag)).toEqual(groupBy(inRange, (t) => t.tags));
        expect(actualGroups(report.byPolicy)).toEqual(groupBy(inRange, (t) => [t.policy ?? 'no_policy']));

        const series = await ticketSeries(h.db, { from: new Date(from), to: new Date(to) }, interval);
        expect(actualBuckets(series.current.buckets)).toEqual(expectedBuckets(folded, from, to, interval));
        expect(series.previous.from.getTime()).toBe(from - (to - from));
        expect(actualBuckets(series.previous.buckets)).toEqual(
          expectedBuckets(folded, from - (to - from), from, interval),
        );
        const perHour = Array.from({ length: 24 }, (_, hour) => ({
          hour,
          opened: inRange.filter((t) => new Date(t.openedAt).getUTCHours() === hour).length,
        }));
        expect(series.peakHours).toEqual(perHour.sort((a, b) => b.opened - a.opened || a.hour - b.hour));
      }),
      { numRuns: 20 },
    );
  });
});
