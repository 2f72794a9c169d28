import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type Actor, createDomainEventRegistry, streamId } from '@support-engine/domain';
import {
  createSlaConfigDecider,
  SLA_CONFIGURATION_ID,
  SLA_PRESETS,
  type SlaConfigCommand,
} from '@support-engine/domain/sla-config';
import { createCommandHandler, START } from '@support-engine/eventstore';
import {
  createPostgresEventStore,
  migrateEventStore,
  type PostgresEventStore,
} from '@support-engine/eventstore-postgres';
import { createTestDatabase } from '@support-engine/servers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkHandlers } from './handlers.js';
import { migrateSlaReplanner } from './sla-replanner.js';
import { runChild } from './testing/run-child.fixture.js';

// The SLA re-planner is killed (SIGKILL) in the middle of re-planning the open tickets a policy
// edit governs, again and again. When it is finally left alone, every open ticket recorded the
// edit's terms exactly once: none missed, none re-planned twice.

const CHILD = fileURLToPath(new URL('./testing/replanner-child.fixture.ts', import.meta.url));
const TICKETS = 120;
const KILLS = 4;
const ADMIN: Actor = { id: 'ada', role: 'admin' };
const CUSTOMER: Actor = { id: 'carl', role: 'customer' };
const registry = createDomainEventRegistry();

describe('SLA re-planner killed mid-sweep', () => {
  let connectionString: string;
  let store: PostgresEventStore;

  async function configure(command: SlaConfigCommand): Promise<void> {
    await createCommandHandler({ store, registry, decider: createSlaConfigDecider() }).handle({
      streamId: streamId('slaconfig', SLA_CONFIGURATION_ID),
      command,
      commandId: randomUUID(),
      context: { now: new Date(), actor: ADMIN },
    });
  }

  /** Per ticket, the policy versions its `configuration_changed` re-plans recorded. */
  async function replans(): Promise<Map<string, number[]>> {
    const byTicket = new Map<string, number[]>();
    for (const event of await store.readAll(START, { limit: 1_000_000 })) {
      if (event.type !== 'TicketSlaPolicyApplied') continue;
      const data = event.data as { ticketId: string; cause: string; policyVersion: number };
      if (data.cause !== 'configuration_changed') continue;
      byTicket.set(data.ticketId, [...(byTicket.get(data.ticketId) ?? []), data.policyVersion]);
    }
    return byTicket;
  }

  beforeAll(async () => {
    connectionString = await createTestDatabase('replanner_kill');
    store = createPostgresEventStore({ connectionString, pollIntervalMs: 50 });
    await migrateEventStore(store.db);
    await migrateSlaReplanner(store.db);
    await configure({ type: 'LoadSlaPresets', data: { presets: ['standard'], defaultPreset: 'standard' } });
    const { ticket } = createWorkHandlers(store, registry);
    for (let i = 0; i < TICKETS; i++) {
      const ticketId = `t-${i}`;
      await ticket.handle({
        streamId: streamId('ticket', ticketId),
        command: {
          type: 'OpenTicket',
          data: { ticketId, customerId: 'carl', subject: 'Help', description: 'Please', channel: 'web' },
        },
        commandId: randomUUID(),
        context: { now: new Date(), actor: CUSTOMER },
      });
    }
  });

  afterAll(async () => store?.close());

  it('re-plans every open ticket exactly once, whatever the moment it dies', async () => {
    const standard = SLA_PRESETS.standard.policies.standard!;
    await configure({
      type: 'UpdateSlaPolicy',
      data: { policyId: 'standard', definition: { ...standard, warnAtFraction: 0.5 } },
    });
    for (let kill = 0; kill < KILLS; kill++) {
      const { signal, output } = await runChild(CHILD, [connectionString, 5 + Math.floor(Math.random() * 20)]).exited;
      expect(signal).toBe('SIGKILL');
      expect(output).toContain('killed after re-plan');
    }
    // It died before the sweep was done, every time: some tickets were still waiting.
    expect((await replans()).size).toBeLessThan(TICKETS);

    const { child, exited } = runChild(CHILD, [connectionString]);
    await expect.poll(async () => (await replans()).size, { timeout: 60_000, interval: 200 }).toBe(TICKETS);
    // Left running a little longer, it re-plans nothing again.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    child.kill('SIGTERM');
    await exited;
    const byTicket = await replans();
    expect([...byTicket.values()].filter((versions) => versions.length !== 1)).toEqual([]);
    expect(new Set([...byTicket.values()].flat())).toEqual(new Set([2]));
  }, 180_000);
});
