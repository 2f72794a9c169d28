import { randomUUID } from 'node:crypto';
import { type Actor, createDomainEventRegistry, isDomainError, streamId } from '@support-engine/domain';
import { nextSlaDeadline, STANDARD_POLICY, summarizeSla } from '@support-engine/domain/sla';
import {
  decideSlaConfiguration,
  EMPTY_SLA_CONFIGURATION,
  evolveSlaConfiguration,
  SLA_PRESETS,
  type SlaConfiguration,
  type SlaPreset,
} from '@support-engine/domain/sla-config';
import {
  DEFAULT_TICKET_TIMINGS,
  EMPTY_TICKET_TIMELINE,
  evolveTicketTimeline,
  type TicketCommandInput,
  type TicketEvent,
  ticketDecider,
  ticketDuties,
} from '@support-engine/domain/ticket';
import { createCommandHandler } from '@support-engine/eventstore';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchUp } from '../../projector.js';
import { createHarness, type Harness, T0 } from '../../testing/harness.fixture.js';
import { createTicketsProjection } from './projection.js';

// Under every shipped preset, the tickets read model's SLA columns are what the ticket
// workflow's `ticketSla` answers (`ticketDuties(...).sla`, the function its query calls) from
// the same stream at the row's last event: random tickets, in random categories and priorities,
// worked, re-prioritised, re-categorised, and re-planned after policy edits.

const ADMIN: Actor = { id: 'ada', role: 'admin' };
const AGENT: Actor = { id: 'al', role: 'agent' };
const CUSTOMER: Actor = { id: 'carl', role: 'customer' };
const SYSTEM: Actor = { id: 'sla-replanner', role: 'system' };
const MINUTE = 60_000;
const registry = createDomainEventRegistry();
const projection = createTicketsProjection({ slaPolicy: STANDARD_POLICY });
let h: Harness;

const CATEGORIES = [undefined, 'outage', 'bug', 'billing', 'account', 'general', 'technical', 'elsewhere'] as const;
const PRIORITIES = [undefined, 'low', 'normal', 'high', 'urgent'] as const;

type Step =
  | { kind: 'wait'; minutes: number }
  | { kind: 'reply'; internal: boolean; next?: 'waiting_customer' | 'resolved' }
  | { kind: 'customer' }
  | { kind: 'status'; to: 'in_progress' | 'waiting_customer' | 'resolved' }
  | { kind: 'priority'; to: 'low' | 'normal' | 'high' | 'urgent' }
  | { kind: 'category'; to: (typeof CATEGORIES)[number] | null }
  | { kind: 'edit'; firstResponseMinutes: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 900 }) }),
  fc.record(
    {
      kind: fc.constant('reply' as const),
      internal: fc.boolean(),
      next: fc.constantFrom('waiting_customer', 'resolved'),
    },
    { requiredKeys: ['kind', 'internal'] },
  ),
  fc.record({ kind: fc.constant('customer' as const) }),
  fc.record({
    kind: fc.constant('status' as const),
    to: fc.constantFrom('in_progress', 'waiting_customer', 'resolved'),
  }),
  fc.record({ kind: fc.constant('priority' as const), to: fc.constantFrom('low', 'normal', 'high', 'urgent') }),
  fc.record({ kind: fc.constant('category' as const), to: fc.constantFrom(...CATEGORIES.slice(1), null) }),
  fc.record({ kind: fc.constant('edit' as const), firstResponseMinutes: fc.integer({ min: 5, max: 600 }) }),
);

const ticketSpec = fc.record({
  priority: fc.constantFrom(...PRIORITIES),
  category: fc.constantFrom(...CATEGORIES),
  steps: fc.array(step, { maxLength: 8 }),
});

function configure(state: SlaConfiguration, command: Parameters<typeof decideSlaConfiguration>[0]): SlaConfiguration {
  const events = decideSlaConfiguration(command, state, { now: T0, actor: ADMIN });
  return events.reduce(evolveSlaConfiguration, state);
}

beforeAll(async () => {
  h = await createHarness();
});

afterAll(async () => {
  await h?.close();
});

describe.each(['standard', 'premium', 'categories'] as const)('under the %s preset', (preset: SlaPreset) => {
  it('the read model and the workflow’s ticketSla agree on every ticket', async () => {
    const tickets = createCommandHandler({ store: h.store, decider: ticketDecider, registry });
    await fc.assert(
      fc.asyncProperty(fc.array(ticketSpec, { minLength: 1, maxLength: 3 }), async (specs) => {
        const run = randomUUID().slice(0, 8);
        let config = configure(EMPTY_SLA_CONFIGURATION, {
          type: 'LoadSlaPresets',
          data: { presets: [preset], defaultPreset: preset },
        });
        const defaultPolicy = SLA_PRESETS[preset].defaultPolicyId;
        let now = T0.getTime();
        const send = async (ticketId: string, command: TicketCommandInput, actor: Actor) => {
          try {
            await tickets.handle({
              streamId: streamId('ticket', ticketId),
              command,
              commandId: randomUUID(),
              context: { now: new Date(now), actor, slaConfiguration: config },
            });
          } catch (error) {
            // Refusals (a move the lifecycle forbids, no change) are part of random histories.
            if (!isDomainError(error)) throw error;
          }
        };
        const ids = specs.map((_, i) => `${preset}-${run}-${i}`);
        for (const [i, spec] of specs.entries()) {
          const ticketId = ids[i]!;
          await send(
            ticketId,
            {
              type: 'OpenTicket',
              data: {
                ticketId,
                customerId: 'carl',
                subject: 'Help',
                description: 'Please',
                channel: 'web',
                ...(spec.priority ? { priority: spec.priority } : {}),
                ...(spec.category ? { category: spec.category } : {}),
              },
            },
            CUSTOMER,
          );
          for (const s of spec.steps) {
            now += MINUTE;
            switch (s.kind) {
              case 'wait':
                now += s.minutes * MINUTE;
                break;
              case 'reply':
                await send(
                  ticketId,
                  {
                    type: 'ReplyToTicket',
                    data: {
                      ticketId,
                      body: 'Answer',
                      visibility: s.internal ? 'internal' : 'public',
                      ...(s.next ? { nextStatus: s.next } : {}),
                    },
                  },
                  AGENT,
                );
                break;
              case 'customer':
                await send(ticketId, { type: 'CustomerReply', data: { ticketId, body: 'More' } }, CUSTOMER);
                break;
              case 'status':
                await send(ticketId, { type: 'ChangeStatus', data: { ticketId, to: s.to } }, AGENT);
                break;
              case 'priority':
                await send(ticketId, { type: 'ChangePriority', data: { ticketId, priority: s.to } }, AGENT);
                break;
              case 'category':
                await send(ticketId, { type: 'ChangeCategory', data: { ticketId, category: s.to ?? null } }, AGENT);
                break;
              case 'edit': {
                const current = config.policies[defaultPolicy]!.definition;
                const targets = Object.fromEntries(
                  Object.entries(current.targets).map(([p, t]) => [
                    p,
                    { ...t, firstResponseMinutes: s.firstResponseMinutes },
                  ]),
                );
                config = configure(config, {
                  type: 'UpdateSlaPolicy',
                  data: { policyId: defaultPolicy, definition: { ...current, targets: targets as never } },
                });
                // What the re-planner does after an edit: every ticket so far gets RefreshSla.
                for (const id of ids.slice(0, i + 1))
                  await send(id, { type: 'RefreshSla', data: { ticketId: id } }, SYSTEM);
                break;
              }
            }
          }
        }
        await catchUp({ store: h.store, db: h.db, projection });
        for (const ticketId of ids) {
          const row = await h.db
            .selectFrom('tickets')
            .selectAll()
            .where('ticket_id', '=', ticketId)
            .executeTakeFirstOrThrow();
          const events = await h.store.readStream(streamId('ticket', ticketId));
          const timeline = events
            .map((event) => registry.upcast(event) as TicketEvent)
            .reduce(evolveTicketTimeline, EMPTY_TICKET_TIMELINE);
          const settings = { timings: DEFAULT_TICKET_TIMINGS, slaPolicy: STANDARD_POLICY };
          const sla = ticketDuties(timeline, settings, () => false, row.updated_at.getTime()).sla!;
          const next = nextSlaDeadline(sla);
          expect({
            state: row.sla_state,
            firstResponse: row.sla_first_response,
            nextResponse: row.sla_next_response,
            resolution: row.sla_resolution,
            nextDeadline: row.sla_next_deadline === null ? null : row.sla_next_deadline.getTime(),
            policyId: row.sla_policy_id ?? STANDARD_POLICY.id,
          }).toEqual({
            state: summarizeSla(sla),
            firstResponse: sla.metrics.first_response.state,
            nextResponse: sla.metrics.next_response.state,
            resolution: sla.metrics.resolution.state,
            nextDeadline: next?.at ?? null,
            policyId: sla.policyId,
          });
        }
      }),
      { numRuns: 12 },
    );
  });
});
