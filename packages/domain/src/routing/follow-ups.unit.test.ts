import { describe, expect, it } from 'vitest';
import type { Agent, Holding } from '../agent/state.js';
import { OpenTicket } from '../ticket/commands.js';
import { keepsConvertedTicket, ticketFromChat, ticketFromSuggestion } from './follow-ups.js';

const at = (minute: number) => `2026-03-02T10:${String(minute).padStart(2, '0')}:00.000Z`;
const actor = { id: 'carl', role: 'customer' } as const;

describe('the ticket an accepted suggestion opens', () => {
  const accepted = (
    signals: { signalId: string; type: 'form_error' | 'error_occurred'; at: string; detail?: string }[],
    language?: string,
  ) =>
    ticketFromSuggestion({
      ...(language === undefined ? {} : { language }),
      customerId: 'carl',
      suggestionId: 's3',
      ticketId: 't-1',
      subject: 'Errors during your visit',
      description: 'We noticed 3 problems.',
      priority: 'normal',
      signals,
      at: at(5),
      actor,
    });

  it('states what was seen, without the offer’s question, then lists the signals behind it: time, kind and detail', () => {
    const { data } = accepted([
      { signalId: 's1', type: 'form_error', at: at(1), detail: 'Checkout form' },
      { signalId: 's2', type: 'error_occurred', at: at(2), detail: '500 on /cart' },
      { signalId: 's3', type: 'error_occurred', at: at(3) },
    ]);
    expect(data).toMatchObject({ proactive: true, suggestionId: 's3', subject: 'Errors during your visit' });
    expect(data.description).toBe(
      [
        'We noticed 3 problems during your visits in the last 24 hours (1 form error, 2 errors).',
        '',
        'What was noticed:',
        '- 2026-03-02 10:01 UTC form error: Checkout form',
        '- 2026-03-02 10:02 UTC error: 500 on /cart',
        '- 2026-03-02 10:03 UTC error',
      ].join('\n'),
    );
  });

  it('lists at most 50, as many as the description holds, and counts the rest', () => {
    const many = (detail: string) =>
      Array.from({ length: 60 }, (_, i) => ({ signalId: `s${i}`, type: 'error_occurred' as const, at: at(i), detail }));
    const listedIn = (description: string) =>
      description.split('\n').filter((line) => line.startsWith('- 2026')).length;
    const short = accepted(many('500')).data.description;
    expect(listedIn(short)).toBe(50);
    expect(short.endsWith('- and 10 more')).toBe(true);
    const long = accepted(many('x'.repeat(500))).data.description;
    expect(long.length).toBeLessThanOrEqual(20_000);
    expect(listedIn(long)).toBeGreaterThan(30);
    expect(long.endsWith(`- and ${60 - listedIn(long)} more`)).toBe(true);
  });

  it('is written in the language the suggestion was accepted in, and records it', () => {
    const signals = Array.from({ length: 52 }, (_, i) => ({
      signalId: `s${i}`,
      type: 'form_error' as const,
      at: at(i),
      ...(i === 0 ? { detail: 'Paiement' } : {}),
    }));
    const { data } = accepted(signals, 'fr');
    expect(data.language).toBe('fr');
    expect(data.description).toMatch(
      /^Nous avons remarqué 52 problèmes [^?]*\.\n\nCe que nous avons remarqué :\n- 2026-03-02 10:00 UTC erreur de formulaire : Paiement\n/,
    );
    expect(data.description.endsWith('- et 2 de plus')).toBe(true);
  });
});

describe('the ticket a converted chat opens', () => {
  const file = (attachmentId: string) => ({
    attachmentId,
    fileName: `${attachmentId}.png`,
    contentType: 'image/png',
    size: 1024,
    sha256: 'a'.repeat(64),
  });

  it('carries the public lines with their authors and files, internal notes (and their files) left out', () => {
    const { data } = ticketFromChat({
      chatId: 'c1',
      ticketId: 't-2',
      customerId: 'carl',
      priority: 'medium',
      assigneeId: 'ada',
      transcript: [
        {
          messageId: 'm1',
          from: 'customer',
          authorId: 'carl',
          body: 'It crashes',
          internal: false,
          at: at(1),
          attachments: [file('screenshot')],
        },
        {
          messageId: 'm2',
          from: 'agent',
          authorId: 'ada',
          body: 'Only for me',
          internal: true,
          at: at(2),
          attachments: [file('log')],
        },
        { messageId: 'm3', from: 'agent', authorId: 'ada', body: 'Opening a ticket', internal: false, at: at(3) },
      ],
      at: at(4),
      actor: { id: 'ada', role: 'agent' },
    } as Parameters<typeof ticketFromChat>[0]);
    expect(data.transcript).toEqual([
      { from: 'customer', authorId: 'carl', body: 'It crashes', at: at(1), attachments: [file('screenshot')] },
      { from: 'agent', authorId: 'ada', body: 'Opening a ticket', at: at(3) },
    ]);
    // What the ticket records is what its event schema takes.
    expect(OpenTicket.safeParse({ type: 'OpenTicket', data }).success).toBe(true);
    expect(data.subject).toBe('It crashes');
  });

  it("names the ticket after the customer's first words, cut after a whole word when long", () => {
    const subjectOf = (body: string) =>
      ticketFromChat({
        chatId: 'c1',
        ticketId: 't-2',
        customerId: 'carl',
        priority: 'medium',
        transcript: [{ messageId: 'm1', from: 'customer', authorId: 'carl', body, internal: false, at: at(1) }],
        at: at(4),
        actor: { id: 'ada', role: 'agent' },
      } as Parameters<typeof ticketFromChat>[0]).data.subject;
    const long = 'My export to PDF crashes every time with large reports, please help quickly with the dashboard';
    expect(subjectOf(long)).toBe('My export to PDF crashes every time with large reports, please help quickly…');
    // A word ending just where the room does is kept whole.
    expect(subjectOf(`${'word '.repeat(15)}abcd efgh`)).toBe(`${'word '.repeat(15)}abcd…`);
    expect(subjectOf(long).length).toBeLessThanOrEqual(80);
    const oneWord = 'x'.repeat(100);
    expect(subjectOf(oneWord)).toBe(`${'x'.repeat(79)}…`);
    expect(subjectOf('Short question')).toBe('Short question');
  });
});

describe("whether a converted chat's agent keeps its ticket at once", () => {
  const agent = (changes: Partial<Agent> = {}): Agent => ({
    status: 'registered',
    agentId: 'ada',
    name: 'Ada',
    skills: [],
    languages: [],
    tier: 1,
    capacity: 3,
    ticketCapacity: null,
    performanceRating: 3,
    availability: 'available',
    holdings: [],
    ...changes,
  });
  const ticket = (n: number): Holding => ({
    reservationId: `r-${n}`,
    item: { kind: 'ticket', id: `t-${n}`, tier: 1 },
    itemVersion: 1,
    mode: 'assigned',
    reservedAt: '2026-01-01T00:00:00.000Z',
  });

  it('keeps it while they could be routed work: available, with room under their ticket cap', () => {
    expect(keepsConvertedTicket(agent())).toBe(true);
    expect(keepsConvertedTicket(agent({ ticketCapacity: 2, holdings: [ticket(1)] }))).toBe(true);
  });

  it('does not once they are offline, on a break, busy or in training, or their cap is full', () => {
    for (const availability of ['offline', 'break', 'busy', 'training'] as const)
      expect(keepsConvertedTicket(agent({ availability }))).toBe(false);
    expect(keepsConvertedTicket(agent({ ticketCapacity: 1, holdings: [ticket(1)] }))).toBe(false);
  });
});
