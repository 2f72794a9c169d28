import { describe, expect, it } from 'vitest';
import { createDomainEventRegistry } from '../registry.js';
import { isDomainError } from '../shared/errors.js';
import { parseTicketCommand } from './commands.js';
import { TICKET_EVENT_TYPES } from './events.js';
import { SAMPLE_COMMANDS, TICKET_ID } from './ticket.fixture.js';

function validationIssues(input: unknown): { path: string; message: string }[] {
  try {
    parseTicketCommand(input);
  } catch (error) {
    if (isDomainError(error) && error.code === 'VALIDATION_FAILED') return error.details?.issues as never;
    throw error;
  }
  throw new Error('expected VALIDATION_FAILED');
}

describe('parseTicketCommand', () => {
  it('accepts every sample command', () => {
    for (const command of Object.values(SAMPLE_COMMANDS)) expect(parseTicketCommand(command).type).toBe(command.type);
  });

  it('applies the defaults: not proactive, public replies, spam closes; the decider picks the priority', () => {
    const open = parseTicketCommand(SAMPLE_COMMANDS.OpenTicket).data;
    expect(open).toMatchObject({ proactive: false });
    expect(open).not.toHaveProperty('priority');
    expect(parseTicketCommand(SAMPLE_COMMANDS.ReplyToTicket).data).toMatchObject({ visibility: 'public' });
    expect(parseTicketCommand(SAMPLE_COMMANDS.CloseAsSpam).data).toMatchObject({ kind: 'spam' });
  });

  it('bounds subjects at 300 and bodies at 20000 characters', () => {
    const open = SAMPLE_COMMANDS.OpenTicket;
    expect(validationIssues({ ...open, data: { ...open.data, subject: 'x'.repeat(301) } })[0]?.path).toBe(
      'data.subject',
    );
    expect(parseTicketCommand({ ...open, data: { ...open.data, subject: 'x'.repeat(300) } }).type).toBe('OpenTicket');
    expect(
      validationIssues({ type: 'CustomerReply', data: { ticketId: TICKET_ID, body: 'x'.repeat(20_001) } })[0]?.path,
    ).toBe('data.body');
    expect(validationIssues({ type: 'CustomerReply', data: { ticketId: TICKET_ID, body: '   ' } })[0]?.path).toBe(
      'data.body',
    );
  });

  it('refuses a category holding control characters, when opened and when changed', () => {
    const open = SAMPLE_COMMANDS.OpenTicket;
    for (const category of ['multi\nline', 'tab\there', 'bell\u0007'])
      expect(validationIssues({ ...open, data: { ...open.data, category } })[0]?.path).toBe('data.category');
    expect(validationIssues({ type: 'ChangeCategory', data: { ticketId: TICKET_ID, category: 'a\rb' } })[0]?.path).toBe(
      'data.category',
    );
    // Spaces and letters beyond ASCII are fine; surrounding space is trimmed.
    const change = parseTicketCommand({
      type: 'ChangeCategory',
      data: { ticketId: TICKET_ID, category: ' Facturation é ' },
    });
    expect(change.data).toMatchObject({ category: 'Facturation é' });
  });

  it('refuses a proactive ticket asked to be low or urgent', () => {
    const open = SAMPLE_COMMANDS.OpenTicket;
    for (const priority of ['low', 'urgent'] as const)
      expect(validationIssues({ ...open, data: { ...open.data, proactive: true, priority } })[0]?.path).toBe(
        'data.priority',
      );
    for (const priority of ['normal', 'high'] as const)
      expect(parseTicketCommand({ ...open, data: { ...open.data, proactive: true, priority } }).type).toBe(
        'OpenTicket',
      );
  });

  it('refuses a suggestion id on a non-proactive ticket and an internal note with a next status', () => {
    const open = SAMPLE_COMMANDS.OpenTicket;
    expect(validationIssues({ ...open, data: { ...open.data, suggestionId: 's-1' } })[0]?.path).toBe(
      'data.suggestionId',
    );
    expect(
      validationIssues({
        type: 'ReplyToTicket',
        data: { ticketId: TICKET_ID, body: 'x', visibility: 'internal', nextStatus: 'resolved' },
      })[0]?.path,
    ).toBe('data.nextStatus');
  });

  it('refuses unknown commands, unknown fields and a next status of new', () => {
    expect(validationIssues({ type: 'DeleteTicket', data: { ticketId: TICKET_ID } })).not.toHaveLength(0);
    expect(validationIssues({ type: 'UnassignTicket', data: { ticketId: TICKET_ID, force: true } })).not.toHaveLength(
      0,
    );
    expect(
      validationIssues({ type: 'ReplyToTicket', data: { ticketId: TICKET_ID, body: 'x', nextStatus: 'new' } })[0]?.path,
    ).toBe('data.nextStatus');
    expect(validationIssues({ type: 'SendReminder', data: { ticketId: TICKET_ID, n: 3 } })[0]?.path).toBe('data.n');
  });
});

describe('Ticket events in the domain registry', () => {
  it('registers every ticket event type at version 1', () => {
    const registry = createDomainEventRegistry();
    expect(TICKET_EVENT_TYPES).toHaveLength(27);
    expect(new Set(TICKET_EVENT_TYPES).size).toBe(27);
    for (const type of TICKET_EVENT_TYPES) expect(registry.currentVersion(type)).toBe(1);
    expect(registry.knows('TicketOpened')).toBe(true);
    expect(registry.knows('TicketTeleported')).toBe(false);
  });
});
