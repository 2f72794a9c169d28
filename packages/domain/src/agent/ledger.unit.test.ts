import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RoutingExplanation } from '../routing/explanation.js';
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { isDomainError } from '../shared/errors.js';
import { deciderSpec } from '../testing/decider-spec.js';
import type { AgentCommand } from './commands.js';
import type { AgentEvent } from './events.js';
import { agentDecider } from './index.js';
import { type Agent, heldCount } from './state.js';
import type { HandOver, WorkMode } from './work.js';

const NOW = new Date('2025-03-03T09:00:00.000Z');
const AGENT: Actor = { id: 'ada', role: 'agent' };
const COLLEAGUE: Actor = { id: 'bob', role: 'agent' };
const SUPERVISOR: Actor = { id: 'sue', role: 'supervisor' };
const ROUTER: Actor = { id: 'router', role: 'system' };
const CUSTOMER: Actor = { id: 'carl', role: 'customer' };
const AUDITOR: Actor = { id: 'audrey', role: 'auditor' };

function outcome(history: readonly AgentEvent[], command: AgentCommand, actor: Actor): readonly AgentEvent[] | string {
  try {
    return deciderSpec(agentDecider).given(history).when(command, { now: NOW, actor }).events();
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
}

function history(...steps: Array<[AgentCommand, Actor]>): AgentEvent[] {
  const events: AgentEvent[] = [];
  for (const [command, actor] of steps) {
    const result = outcome(events, command, actor);
    if (typeof result === 'string') throw new Error(`${command.type} refused: ${result}`);
    events.push(...result);
  }
  return events;
}

const register: AgentCommand = {
  type: 'RegisterAgent',
  data: { agentId: AGENT.id, name: 'Ada', tier: 2, capacity: 2 },
};
const presence = (availability: 'available' | 'busy' | 'offline'): AgentCommand => ({
  type: 'SetAvailability',
  data: { agentId: AGENT.id, availability },
});
const available = history([register, SUPERVISOR], [presence('available'), AGENT]);

const ROUTING: RoutingExplanation = {
  rule: 'best_score',
  candidates: [{ agentId: AGENT.id, skill: 0, language: 0, workload: 30, performance: 25, online: 10, total: 65 }],
  eligible: 1,
  considered: 1,
  waitedMs: 0,
};

/** The hand-over command that gives `itemId` to Ada in `mode`. */
function handOver(kind: 'chat' | 'ticket', itemId: string, mode: WorkMode): HandOver | undefined {
  const commandId = `cmd-${itemId}`;
  const routing = mode === 'routed' ? ROUTING : undefined;
  if (mode === 'resumed') return undefined;
  if (kind === 'ticket') {
    return { commandId, command: { type: 'AssignTicket', data: { ticketId: itemId, agentId: AGENT.id, routing } } };
  }
  if (mode === 'accepted') return { commandId, command: { type: 'AcceptChat', data: { chatId: itemId } } };
  if (mode === 'transferred') {
    return {
      commandId,
      command: { type: 'TransferChat', data: { chatId: itemId, toAgentId: AGENT.id, reason: 'skills' } },
    };
  }
  return { commandId, command: { type: 'AssignChat', data: { chatId: itemId, agentId: AGENT.id, routing } } };
}

function reserve(
  kind: 'chat' | 'ticket',
  itemId: string,
  mode: WorkMode = 'assigned',
  tier: 1 | 2 | 3 = 1,
): AgentCommand {
  return {
    type: 'ReserveWork',
    data: {
      agentId: AGENT.id,
      reservationId: `r-${itemId}`,
      item: { kind, id: itemId, tier },
      itemVersion: 3,
      mode,
      handOver: handOver(kind, itemId, mode),
    },
  };
}

const release = (...ids: string[]): AgentCommand => ({
  type: 'ReleaseWork',
  data: { agentId: AGENT.id, reservationIds: ids, cause: 'ended' },
});

describe('ReserveWork', () => {
  it('takes one slot for the item and records the hand-over that completes it', () => {
    const events = outcome(available, reserve('chat', 'c1', 'accepted'), AGENT) as AgentEvent[];
    expect(events).toMatchObject([
      {
        type: 'AgentWorkReserved',
        data: {
          agentId: AGENT.id,
          reservationId: 'r-c1',
          item: { kind: 'chat', id: 'c1', tier: 1 },
          itemVersion: 3,
          mode: 'accepted',
          handOver: { commandId: 'cmd-c1', command: { type: 'AcceptChat', data: { chatId: 'c1' } } },
          actor: AGENT,
        },
      },
    ]);
    const agent = fold(agentDecider, [...available, ...events]) as Agent;
    expect(agent.holdings).toEqual([
      {
        reservationId: 'r-c1',
        item: { kind: 'chat', id: 'c1', tier: 1 },
        itemVersion: 3,
        mode: 'accepted',
        reservedAt: NOW.toISOString(),
      },
    ]);
  });

  it('is a no-op when the same reservation is asked again (a retried hand-over)', () => {
    const held = [...available, ...(outcome(available, reserve('chat', 'c1', 'accepted'), AGENT) as AgentEvent[])];
    expect(outcome(held, reserve('chat', 'c1', 'accepted'), AGENT)).toEqual([]);
  });

  it('never gives an agent more chats than their capacity', () => {
    const full = history(
      [register, SUPERVISOR],
      [presence('available'), AGENT],
      [reserve('chat', 'c1', 'accepted'), AGENT],
      [reserve('chat', 'c2', 'routed'), ROUTER],
    );
    expect(outcome(full, reserve('chat', 'c3', 'accepted'), AGENT)).toBe('CHAT_CAPACITY_REACHED');
    // Tickets use their own slots, uncapped by default.
    expect(outcome(full, reserve('ticket', 't1'), SUPERVISOR)).toHaveLength(1);
    const freed = [...full, ...(outcome(full, release('r-c1'), ROUTER) as AgentEvent[])];
    expect(outcome(freed, reserve('chat', 'c3', 'accepted'), AGENT)).toHaveLength(1);
  });

  it('holds open tickets to the ticket cap when the agent has one', () => {
    const capped = history(
      [register, SUPERVISOR],
      [{ type: 'SetTicketCapacity', data: { agentId: AGENT.id, ticketCapacity: 1 } }, SUPERVISOR],
      [reserve('ticket', 't1'), SUPERVISOR],
    );
    expect(outcome(capped, reserve('ticket', 't2'), SUPERVISOR)).toBe('TICKET_CAPACITY_REACHED');
  });

  it('gives chats and routed work to available agents only; a person may still assign a ticket to an absent colleague', () => {
    const busy = history([register, SUPERVISOR], [presence('busy'), AGENT]);
    expect(outcome(busy, reserve('chat', 'c1', 'accepted'), AGENT)).toBe('AGENT_UNAVAILABLE');
    expect(outcome(busy, reserve('chat', 'c1', 'assigned'), SUPERVISOR)).toBe('AGENT_UNAVAILABLE');
    expect(outcome(busy, reserve('ticket', 't1', 'routed'), ROUTER)).toBe('AGENT_UNAVAILABLE');
    expect(outcome(busy, reserve('ticket', 't1', 'assigned'), SUPERVISOR)).toHaveLength(1);
    expect(outcome(busy, reserve('ticket', 't1', 'resumed'), ROUTER)).toHaveLength(1);
  });

  it('needs the agent to be at least the tier of the item', () => {
    expect(outcome(available, reserve('ticket', 't1', 'assigned', 3), SUPERVISOR)).toBe('AGENT_TIER_TOO_LOW');
    expect(outcome(available, reserve('ticket', 't1', 'assigned', 2), SUPERVISOR)).toHaveLength(1);
  });

  it('lets agents accept only for themselves, staff assign, and only the router route or resume', () => {
    expect(outcome(available, reserve('chat', 'c1', 'accepted'), COLLEAGUE)).toBe('FORBIDDEN');
    expect(outcome(available, reserve('chat', 'c1', 'accepted'), SUPERVISOR)).toBe('FORBIDDEN');
    expect(outcome(available, reserve('chat', 'c1', 'assigned'), COLLEAGUE)).toHaveLength(1);
    expect(outcome(available, reserve('chat', 'c1', 'transferred'), COLLEAGUE)).toHaveLength(1);
    for (const mode of ['routed', 'resumed'] as const) {
      const kind = mode === 'resumed' ? 'ticket' : 'chat';
      expect(outcome(available, reserve(kind, 'x', mode), SUPERVISOR)).toBe('FORBIDDEN');
      expect(outcome(available, reserve(kind, 'x', mode), ROUTER)).toHaveLength(1);
    }
    for (const actor of [CUSTOMER, AUDITOR])
      expect(outcome(available, reserve('ticket', 't1'), actor)).toBe('FORBIDDEN');
  });

  it('refuses a hand-over that would give something else than what it reserves', () => {
    const command = reserve('chat', 'c1', 'assigned') as Extract<AgentCommand, { type: 'ReserveWork' }>;
    const elsewhere = {
      ...command,
      data: {
        ...command.data,
        handOver: { commandId: 'x', command: { type: 'AssignChat', data: { chatId: 'c2', agentId: AGENT.id } } },
      },
    } as AgentCommand;
    const toBob = {
      ...command,
      data: {
        ...command.data,
        handOver: { commandId: 'x', command: { type: 'AssignChat', data: { chatId: 'c1', agentId: 'bob' } } },
      },
    } as AgentCommand;
    const missing = { ...command, data: { ...command.data, handOver: undefined } } as AgentCommand;
    const resumedChat = { ...command, data: { ...command.data, mode: 'resumed', handOver: undefined } } as AgentCommand;
    for (const bad of [elsewhere, toBob, missing, resumedChat])
      expect(outcome(available, bad, ROUTER)).toBe('VALIDATION_FAILED');
  });
});

describe('ReleaseWork', () => {
  const held = history(
    [register, SUPERVISOR],
    [presence('available'), AGENT],
    [reserve('chat', 'c1', 'accepted'), AGENT],
    [reserve('ticket', 't1'), SUPERVISOR],
  );

  it('gives back the named slots, saying which items they held', () => {
    const events = outcome(held, { ...release('r-c1', 'r-t1', 'r-unknown') }, ROUTER) as AgentEvent[];
    expect(events).toMatchObject([
      {
        type: 'AgentWorkReleased',
        data: {
          cause: 'ended',
          released: [
            { reservationId: 'r-c1', item: { kind: 'chat', id: 'c1' } },
            { reservationId: 'r-t1', item: { kind: 'ticket', id: 't1' } },
          ],
        },
      },
    ]);
    expect((fold(agentDecider, [...held, ...events]) as Agent).holdings).toEqual([]);
  });

  it('is a no-op for slots not held (already released, never reserved)', () => {
    const once = [...held, ...(outcome(held, release('r-c1'), ROUTER) as AgentEvent[])];
    expect(outcome(once, release('r-c1'), ROUTER)).toEqual([]);
  });

  it('is for staff and the system', () => {
    for (const actor of [CUSTOMER, AUDITOR]) expect(outcome(held, release('r-c1'), actor)).toBe('FORBIDDEN');
    expect(outcome(held, release('r-c1'), COLLEAGUE)).toHaveLength(1);
  });
});

describe('capacity changes', () => {
  it('never drop below what the agent holds', () => {
    const two = history(
      [register, SUPERVISOR],
      [presence('available'), AGENT],
      [reserve('chat', 'c1', 'accepted'), AGENT],
      [reserve('chat', 'c2', 'accepted'), AGENT],
    );
    expect(outcome(two, { type: 'SetCapacity', data: { agentId: AGENT.id, capacity: 1 } }, SUPERVISOR)).toBe(
      'CAPACITY_BELOW_LOAD',
    );
    expect(outcome(two, { type: 'SetCapacity', data: { agentId: AGENT.id, capacity: 4 } }, SUPERVISOR)).toHaveLength(1);
    const tickets = history(
      [register, SUPERVISOR],
      [reserve('ticket', 't1'), SUPERVISOR],
      [reserve('ticket', 't2'), SUPERVISOR],
    );
    const cap = (ticketCapacity: number): AgentCommand => ({
      type: 'SetTicketCapacity',
      data: { agentId: AGENT.id, ticketCapacity },
    });
    expect(outcome(tickets, cap(1), SUPERVISOR)).toBe('CAPACITY_BELOW_LOAD');
    expect(outcome(tickets, cap(2), SUPERVISOR)).toHaveLength(1);
  });
});

describe('the ledger invariant', () => {
  const step = fc.oneof(
    fc.record({
      kind: fc.constant('reserve' as const),
      item: fc.constantFrom('c1', 'c2', 'c3', 'c4', 't1', 't2', 't3'),
    }),
    fc.record({
      kind: fc.constant('release' as const),
      item: fc.constantFrom('c1', 'c2', 'c3', 'c4', 't1', 't2', 't3'),
    }),
    fc.record({ kind: fc.constant('capacity' as const), value: fc.integer({ min: 1, max: 4 }) }),
    fc.record({
      kind: fc.constant('ticketCap' as const),
      value: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
    }),
    fc.record({
      kind: fc.constant('presence' as const),
      value: fc.constantFrom('available', 'busy', 'offline' as const),
    }),
  );

  it('holds whatever the commands: chats within capacity, tickets within the cap, no slot twice', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const events: AgentEvent[] = history([register, SUPERVISOR]);
        for (const s of steps) {
          const command: AgentCommand =
            s.kind === 'reserve'
              ? reserve(
                  s.item.startsWith('c') ? 'chat' : 'ticket',
                  s.item,
                  s.item.startsWith('c') ? 'accepted' : 'assigned',
                )
              : s.kind === 'release'
                ? release(`r-${s.item}`)
                : s.kind === 'capacity'
                  ? { type: 'SetCapacity', data: { agentId: AGENT.id, capacity: s.value } }
                  : s.kind === 'ticketCap'
                    ? { type: 'SetTicketCapacity', data: { agentId: AGENT.id, ticketCapacity: s.value } }
                    : presence(s.value);
          const actor =
            s.kind === 'reserve' && s.item.startsWith('c') ? AGENT : s.kind === 'presence' ? AGENT : SUPERVISOR;
          const result = outcome(events, command, actor);
          if (typeof result !== 'string') events.push(...result);
          const agent = fold(agentDecider, events) as Agent;
          expect(heldCount(agent, 'chat')).toBeLessThanOrEqual(agent.capacity);
          if (agent.ticketCapacity !== null)
            expect(heldCount(agent, 'ticket')).toBeLessThanOrEqual(agent.ticketCapacity);
          const ids = agent.holdings.map((h) => h.reservationId);
          expect(new Set(ids).size).toBe(ids.length);
        }
      }),
    );
  });
});

describe('leaving the team', () => {
  const deactivate: AgentCommand = { type: 'DeactivateAgent', data: { agentId: AGENT.id, reason: 'Moved to sales' } };
  const reactivate: AgentCommand = { type: 'ReactivateAgent', data: { agentId: AGENT.id } };
  const holdingWork: Array<[AgentCommand, Actor]> = [
    [register, SUPERVISOR],
    [presence('available'), AGENT],
    [reserve('ticket', 't1'), SUPERVISOR],
    [reserve('chat', 'c1', 'accepted'), AGENT],
  ];

  it('is refused while the agent holds work, naming what to hand over, and allowed once it is released', () => {
    const holding = history(...holdingWork);
    expect(outcome(holding, deactivate, SUPERVISOR)).toBe('AGENT_HOLDS_WORK');
    expect(() =>
      deciderSpec(agentDecider).given(holding).when(deactivate, { now: NOW, actor: SUPERVISOR }).events(),
    ).toThrow(
      'Agent "ada" still holds 1 open ticket and 1 active chat: set them offline, assign the ticket to a colleague or back to the queue and transfer the chat to a colleague, then deactivate them',
    );
    const released = history(...holdingWork, [release('r-t1', 'r-c1'), SUPERVISOR]);
    expect(outcome(released, deactivate, SUPERVISOR)).toMatchObject([
      { type: 'AgentAvailabilityChanged', data: { availability: 'offline', previous: 'available' } },
      { type: 'AgentDeactivated', data: { agentId: AGENT.id, reason: 'Moved to sales' } },
    ]);
  });

  it('leaves the agent offline and unable to come online or take work until reactivated', () => {
    const gone = [...available, ...(outcome(available, deactivate, SUPERVISOR) as AgentEvent[])];
    expect(fold(agentDecider, gone)).toMatchObject({ availability: 'offline', deactivated: true });
    expect(outcome(gone, presence('available'), AGENT)).toBe('AGENT_DEACTIVATED');
    expect(outcome(gone, presence('busy'), SUPERVISOR)).toBe('AGENT_DEACTIVATED');
    expect(outcome(gone, presence('offline'), AGENT)).toEqual([]);
    for (const mode of ['assigned', 'routed', 'resumed'] as const)
      expect(outcome(gone, reserve('ticket', `t-${mode}`, mode), ROUTER)).toBe('AGENT_DEACTIVATED');
    expect(outcome(gone, deactivate, SUPERVISOR)).toEqual([]);

    const back = [...gone, ...(outcome(gone, reactivate, SUPERVISOR) as AgentEvent[])];
    expect(back.at(-1)).toMatchObject({ type: 'AgentReactivated', data: { agentId: AGENT.id } });
    expect(fold(agentDecider, back)).toMatchObject({ availability: 'offline', deactivated: false });
    expect(outcome(back, presence('available'), AGENT)).toHaveLength(1);
    expect(outcome(back, reactivate, SUPERVISOR)).toEqual([]);
  });

  it('records no presence change for an agent already offline', () => {
    const offline = history([register, SUPERVISOR]);
    expect((outcome(offline, deactivate, SUPERVISOR) as AgentEvent[]).map((event) => event.type)).toEqual([
      'AgentDeactivated',
    ]);
  });

  it('is for supervisors and admins only', () => {
    for (const actor of [AGENT, ROUTER, CUSTOMER, AUDITOR]) {
      expect(outcome(available, deactivate, actor)).toBe('FORBIDDEN');
      expect(outcome(available, reactivate, actor)).toBe('FORBIDDEN');
    }
  });
});
