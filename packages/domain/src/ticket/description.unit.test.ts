import { describe, expect, it } from 'vitest';
import { descriptionAuthor } from './description.js';
import type { TicketEventOf } from './events.js';

const opened = (overrides: Partial<TicketEventOf<'TicketOpened'>['data']>): TicketEventOf<'TicketOpened'>['data'] => ({
  at: '2025-03-03T09:00:00.000Z',
  actor: { id: 'agent-7', role: 'agent' },
  ticketId: 't-1',
  customerId: 'c-1',
  subject: 'Cannot log in',
  description: 'No reset mail',
  priority: 'normal',
  channel: 'phone',
  proactive: false,
  ...overrides,
});

describe('descriptionAuthor', () => {
  it.each([
    ['an agent', { id: 'agent-7', role: 'agent' }],
    ['a portal', { id: 'portal', role: 'system' }],
    ['the customer', { id: 'c-1', role: 'customer' }],
  ] as const)('is the customer when %s opens the ticket', (_who, actor) => {
    expect(descriptionAuthor(opened({ actor }))).toEqual({ id: 'c-1', role: 'customer' });
  });

  it("is the opener for the engine's own tickets: proactive, or converted from a chat", () => {
    const system = { id: 'router', role: 'system' } as const;
    expect(descriptionAuthor(opened({ actor: system, proactive: true }))).toEqual(system);
    expect(descriptionAuthor(opened({ actor: system, channel: 'chat', transcript: [] }))).toEqual(system);
  });
});
