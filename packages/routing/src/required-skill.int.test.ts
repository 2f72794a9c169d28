import { streamId } from '@support-engine/domain';
import { createSlaConfigDecider, SLA_CONFIGURATION_ID } from '@support-engine/domain/sla-config';
import { createCommandHandler } from '@support-engine/eventstore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, createFloor, customer, type Floor, SUPERVISOR } from './testing/floor.fixture.js';

// A category's required skill on real PostgreSQL, through the router: the categories preset says
// `outage` (under `technical`) needs the technical skill. The router gives such a ticket to the
// one agent who lists it, though a colleague scores higher; a ticket of a category with no
// requirement goes to the best score as before.

const ADMIN = { id: 'ada-admin', role: 'admin' } as const;

describe('a category’s required skill, routed', () => {
  let floor: Floor;
  const stop = new AbortController();
  let router: Promise<void>;

  async function register(agentId: string, skills: string[], performanceRating: number): Promise<void> {
    await floor.handlers.agent.handle({
      streamId: `agent-${agentId}`,
      command: { type: 'RegisterAgent', data: { agentId, name: agentId, skills, performanceRating } },
      commandId: floor.nextId('register'),
      context: { now: new Date(), actor: SUPERVISOR },
    });
    await floor.handlers.agent.handle({
      streamId: `agent-${agentId}`,
      command: { type: 'SetAvailability', data: { agentId, availability: 'available' } },
      commandId: floor.nextId('presence'),
      context: { now: new Date(), actor: agent(agentId) },
    });
  }

  async function open(ticketId: string, category: string): Promise<void> {
    await floor.handlers.ticket.handle({
      streamId: `ticket-${ticketId}`,
      command: {
        type: 'OpenTicket',
        data: { ticketId, customerId: 'carl', subject: 'Help', description: 'Please', channel: 'web', category },
      },
      commandId: floor.nextId('open'),
      context: { now: new Date(), actor: customer('carl') },
    });
  }

  async function assignee(ticketId: string): Promise<string | null> {
    const events = await floor.store.readStream(`ticket-${ticketId}`);
    const assigned = events
      .filter((e) => e.type === 'TicketAssigned')
      .map((e) => (e.data as { agentId: string }).agentId);
    return assigned.at(-1) ?? null;
  }

  beforeAll(async () => {
    floor = await createFloor();
    await createCommandHandler({
      store: floor.store,
      registry: floor.registry,
      decider: createSlaConfigDecider(),
    }).handle({
      streamId: streamId('slaconfig', SLA_CONFIGURATION_ID),
      command: { type: 'LoadSlaPresets', data: { presets: ['categories'] } },
      commandId: floor.nextId('presets'),
      context: { now: new Date(), actor: ADMIN },
    });
    await register('star', ['outage'], 10);
    await register('tess', ['Technical'], 1);
    router = floor.runRouter(stop.signal);
  });

  afterAll(async () => {
    stop.abort();
    await router;
    await floor?.close();
  });

  it('gives the ticket to the agent with the skill, and other work to the best score', async () => {
    await open('needs-tech', 'outage');
    await open('anyone', 'general');
    await expect.poll(() => assignee('needs-tech'), { timeout: 20_000, interval: 100 }).toBe('tess');
    await expect.poll(() => assignee('anyone'), { timeout: 20_000, interval: 100 }).toBe('star');
    const applied = (await floor.store.readStream('ticket-needs-tech')).find(
      (e) => e.type === 'TicketSlaPolicyApplied',
    );
    expect(applied?.data).toMatchObject({ requiredSkill: 'technical' });
  }, 60_000);
});
