import type { AgentEvent } from '@support-engine/domain/agent';
import { describe, expect, it } from 'vitest';
import type { ProjectedEvent } from '../../events.js';
import { type AgentState, applyAgentEvent, type PresenceRow } from './row.js';

const supervisor = { id: 'sup', role: 'supervisor' as const };
const system = { id: 'router', role: 'system' as const };
const at = (minutes: number) => new Date(Date.parse('2025-03-03T09:00:00.000Z') + minutes * 60_000).toISOString();

let position = 0;
function projected(event: AgentEvent): ProjectedEvent<AgentEvent> {
  position++;
  return {
    ...event,
    log: {
      streamId: `agent-${event.data.agentId}`,
      streamVersion: position,
      checkpoint: { transactionId: 1n, globalPosition: BigInt(position) },
      recordedAt: new Date(),
      metadata: {},
    },
  };
}

/** Folds events from nothing; answers the last state and every presence row written, by position. */
function fold(events: readonly AgentEvent[], from: AgentState = { row: undefined, open: [] }) {
  position = 0;
  let state = from;
  const presence = new Map<string, PresenceRow>();
  for (const event of events) {
    const step = applyAgentEvent(state, projected(event));
    state = step.state;
    for (const period of step.presence) presence.set(period.position, period);
  }
  return { state, presence: [...presence.values()] };
}

const registered: AgentEvent = {
  type: 'AgentRegistered',
  data: {
    at: at(0),
    actor: supervisor,
    agentId: 'ann',
    name: 'Ann',
    skills: ['billing'],
    languages: ['en'],
    tier: 1,
    capacity: 2,
    ticketCapacity: null,
    performanceRating: 5,
  },
};
const available = (minutes: number, availability: 'available' | 'break', previous: string): AgentEvent =>
  ({
    type: 'AgentAvailabilityChanged',
    data: { at: at(minutes), actor: { id: 'ann', role: 'agent' }, agentId: 'ann', availability, previous },
  }) as AgentEvent;
const chatItem = (id: string) => ({ kind: 'chat' as const, id, tier: 1 as const });
const ticketItem = (id: string) => ({ kind: 'ticket' as const, id, tier: 1 as const });
const reserved = (minutes: number, item: ReturnType<typeof chatItem> | ReturnType<typeof ticketItem>): AgentEvent => ({
  type: 'AgentWorkReserved',
  data: {
    at: at(minutes),
    actor: system,
    agentId: 'ann',
    reservationId: `r-${item.id}`,
    item,
    itemVersion: 1,
    mode: 'routed',
  },
});

describe('agent row fold', () => {
  it('registers offline, then follows presence as closed and open periods', () => {
    const { state, presence } = fold([
      registered,
      available(5, 'available', 'offline'),
      available(9, 'break', 'available'),
    ]);
    expect(state.row).toMatchObject({
      agent_id: 'ann',
      availability: 'break',
      capacity: 2,
      active_chats: 0,
      active_tickets: 0,
      registered_at: at(0),
      updated_at: at(9),
    });
    expect(presence).toEqual([
      { agent_id: 'ann', position: '1', availability: 'offline', since: at(0), until: at(5) },
      { agent_id: 'ann', position: '2', availability: 'available', since: at(5), until: at(9) },
      { agent_id: 'ann', position: '3', availability: 'break', since: at(9), until: null },
    ]);
    expect(state.open).toEqual([presence[2]]);
  });

  it("counts the work the agent's ledger holds, per kind", () => {
    const { state } = fold([
      registered,
      reserved(1, chatItem('c1')),
      reserved(2, ticketItem('t1')),
      reserved(3, ticketItem('t2')),
      {
        type: 'AgentWorkReleased',
        data: {
          at: at(4),
          actor: system,
          agentId: 'ann',
          released: [
            { reservationId: 'r-c1', item: chatItem('c1'), reservedAt: at(1) },
            { reservationId: 'r-t1', item: ticketItem('t1'), reservedAt: at(2) },
          ],
          cause: 'ended',
        },
      },
    ]);
    expect(state.row).toMatchObject({ active_chats: 0, active_tickets: 1, updated_at: at(4) });
  });

  it('replaces profile fields and stamps the change', () => {
    const { state } = fold([
      registered,
      { type: 'AgentCapacityChanged', data: { at: at(1), actor: supervisor, agentId: 'ann', capacity: 4 } },
      {
        type: 'AgentTicketCapacityChanged',
        data: { at: at(2), actor: supervisor, agentId: 'ann', ticketCapacity: 7 },
      },
      {
        type: 'AgentSkillsUpdated',
        data: { at: at(3), actor: supervisor, agentId: 'ann', skills: ['bug'], languages: ['fr'] },
      },
      { type: 'AgentTierChanged', data: { at: at(4), actor: supervisor, agentId: 'ann', tier: 3, previous: 1 } },
      { type: 'AgentPerformanceRated', data: { at: at(5), actor: supervisor, agentId: 'ann', rating: 8 } },
    ]);
    expect(state.row).toMatchObject({
      capacity: 4,
      ticket_capacity: 7,
      skills: ['bug'],
      languages: ['fr'],
      tier: 3,
      performance_rating: 8,
      updated_at: at(5),
    });
  });

  it('renames, and dates a departure until the agent comes back', () => {
    const renamed: AgentEvent = {
      type: 'AgentRenamed',
      data: { at: at(1), actor: supervisor, agentId: 'ann', name: 'Ann Lee', previous: 'Ann' },
    };
    const left: AgentEvent = { type: 'AgentDeactivated', data: { at: at(2), actor: supervisor, agentId: 'ann' } };
    const gone = fold([registered, renamed, left]);
    expect(gone.state.row).toMatchObject({ name: 'Ann Lee', availability: 'offline', deactivated_at: at(2) });
    const back: AgentEvent = { type: 'AgentReactivated', data: { at: at(3), actor: supervisor, agentId: 'ann' } };
    expect(fold([registered, renamed, left, back]).state.row).toMatchObject({
      deactivated_at: null,
      updated_at: at(3),
    });
  });

  it('leaves an agent never registered unknown but still records its presence', () => {
    const { state, presence } = fold([
      { type: 'AgentCapacityChanged', data: { at: at(1), actor: supervisor, agentId: 'ann', capacity: 4 } },
      available(2, 'available', 'offline'),
      reserved(3, chatItem('c1')),
    ]);
    expect(state.row).toBeUndefined();
    expect(presence).toEqual([
      { agent_id: 'ann', position: '2', availability: 'available', since: at(2), until: null },
    ]);
  });

  it('closes a period loaded from an earlier batch', () => {
    const open: PresenceRow = { agent_id: 'ann', position: '40', availability: 'available', since: at(0), until: null };
    const { presence } = fold([available(6, 'break', 'available')], { row: undefined, open: [open] });
    expect(presence).toEqual([
      { ...open, until: at(6) },
      { agent_id: 'ann', position: '1', availability: 'break', since: at(6), until: null },
    ]);
  });

  it('does not change the state it was given', () => {
    const before: AgentState = { row: undefined, open: [] };
    const { state } = fold([registered, reserved(1, chatItem('c1'))], before);
    expect(before).toEqual({ row: undefined, open: [] });
    const again = applyAgentEvent(state, projected(reserved(2, chatItem('c2'))));
    expect(state.row?.active_chats).toBe(1);
    expect(again.state.row?.active_chats).toBe(2);
  });
});
