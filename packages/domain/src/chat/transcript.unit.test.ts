import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { isDomainError } from '../shared/errors.js';
import {
  ADMIN,
  AGENT,
  AUDITOR,
  CHAT_ID,
  CUSTOMER,
  historyIn,
  minute,
  OTHER_CUSTOMER,
  play,
  refusal,
  START_CHAT,
  SUPERVISOR,
  SYSTEM,
  stateOf,
  T0,
  when,
} from './chat.fixture.js';
import type { ChatCommand } from './commands.js';
import { chatEventShownToCustomer } from './customer-view.js';
import type { ChatEvent } from './events.js';
import type { ChatSession } from './state.js';
import { MAX_CUSTOMER_TRANSCRIPTS_PER_CHAT, transcriptRecipient } from './transcript.js';

const mail = (to = 'ada@example.com', language?: string): ChatCommand => ({
  type: 'EmailChatTranscript',
  data: { chatId: CHAT_ID, to, language },
});
const send = (messageId: string, body: string, actor: Actor, internal = false, at = minute(1)) => ({
  command: { type: 'SendChatMessage' as const, data: { chatId: CHAT_ID, messageId, body, internal } },
  actor,
  at,
});

/** Started with the customer's words, answered by the agent, an internal note beside, then ended. */
const ended = play(
  [
    send('m-2', 'Let me check your invoice', AGENT, false, minute(2)),
    send('m-3', 'Refund approved by finance', AGENT, true, minute(3)),
    {
      command: {
        type: 'SendChatMessage',
        data: {
          chatId: CHAT_ID,
          messageId: 'm-4',
          body: '',
          attachments: [
            {
              attachmentId: 'att-1',
              fileName: 'invoice.pdf',
              contentType: 'application/pdf',
              size: 10,
              sha256: 'b'.repeat(64),
            },
          ],
        },
      },
      actor: CUSTOMER,
      at: minute(4),
    },
    { command: { type: 'CloseChat', data: { chatId: CHAT_ID } }, actor: CUSTOMER, at: minute(5) },
  ],
  historyIn('active'),
);

function requested(events: readonly ChatEvent[]) {
  const event = events[0];
  if (event?.type !== 'ChatTranscriptRequested') throw new Error(`expected a transcript request, got ${event?.type}`);
  return event.data;
}

describe('Mailing a chat transcript', () => {
  it('records the conversation as the customer saw it: no internal note, files by name, in order', () => {
    const data = requested(when(ended, mail('ada@example.com', 'fr'), CUSTOMER));
    expect(data).toMatchObject({ chatId: CHAT_ID, customerId: CUSTOMER.id, to: 'ada@example.com', language: 'fr' });
    expect(data.transcript).toEqual([
      { at: T0.toISOString(), from: 'customer', authorId: CUSTOMER.id, body: 'My invoice is wrong' },
      { at: minute(2).toISOString(), from: 'agent', authorId: AGENT.id, body: 'Let me check your invoice' },
      { at: minute(4).toISOString(), from: 'customer', authorId: CUSTOMER.id, body: '', files: ['invoice.pdf'] },
    ]);
    expect(JSON.stringify(data)).not.toContain('Refund approved');
  });

  it('may be asked by the chat’s customer or by staff, open or ended; never by others', () => {
    const open = historyIn('active');
    for (const actor of [CUSTOMER, AGENT, SUPERVISOR, ADMIN]) {
      expect(when(ended, mail(), actor).map((e) => e.type)).toEqual(['ChatTranscriptRequested']);
      expect(when(open, mail(), actor).map((e) => e.type)).toEqual(['ChatTranscriptRequested']);
    }
    for (const actor of [OTHER_CUSTOMER, AUDITOR, SYSTEM]) expect(refusal(ended, mail(), actor)).toBe('FORBIDDEN');
  });

  it('refuses a chat whose customer has seen no message yet: nothing to send', () => {
    const silent = play([
      { command: { ...START_CHAT, data: { ...START_CHAT.data, firstMessage: undefined } }, actor: CUSTOMER, at: T0 },
    ]);
    expect(refusal(silent, mail(), CUSTOMER)).toBe('TRANSCRIPT_EMPTY');
    const onlyNotes = [...silent, ...when(silent, send('n-1', 'internal only', AGENT, true).command, AGENT)];
    expect(refusal(onlyNotes, mail(), AGENT)).toBe('TRANSCRIPT_EMPTY');
  });

  it(`lets the customer have it mailed ${MAX_CUSTOMER_TRANSCRIPTS_PER_CHAT} times per chat; staff as often as they need`, () => {
    let history = [...ended];
    for (let i = 0; i < MAX_CUSTOMER_TRANSCRIPTS_PER_CHAT; i++)
      history = [...history, ...when(history, mail(), CUSTOMER)];
    expect(refusal(history, mail(), CUSTOMER)).toBe('TRANSCRIPT_LIMIT_REACHED');
    expect(when(history, mail(), AGENT).map((e) => e.type)).toEqual(['ChatTranscriptRequested']);
  });

  it('is not part of the customer’s live feed (it names an address and repeats the conversation)', () => {
    expect(chatEventShownToCustomer(when(ended, mail(), CUSTOMER)[0]!)).toBe(false);
  });

  it('refuses an address that is not one', () => {
    expect(refusal(ended, mail('not an address'), CUSTOMER)).toBe('VALIDATION_FAILED');
  });
});

describe('Where a transcript is mailed (transcriptRecipient)', () => {
  const session = stateOf(ended) as ChatSession;
  const codeOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (isDomainError(error)) return error.code;
      throw error;
    }
    throw new Error('expected a refusal');
  };

  it('sends the customer’s to their confirmed address, else the one they gave before chatting', () => {
    expect(transcriptRecipient(CUSTOMER, session, { email: 'a@x.test', pendingEmail: 'b@x.test' }, undefined)).toBe(
      'a@x.test',
    );
    expect(transcriptRecipient(CUSTOMER, session, { email: null, pendingEmail: 'b@x.test' }, undefined)).toBe(
      'b@x.test',
    );
    expect(transcriptRecipient(CUSTOMER, session, { email: 'a@x.test', pendingEmail: 'b@x.test' }, 'B@X.test')).toBe(
      'b@x.test',
    );
  });

  it('never sends the customer’s to an address their profile does not hold, nor without one', () => {
    const onFile = { email: 'a@x.test', pendingEmail: null };
    expect(codeOf(() => transcriptRecipient(CUSTOMER, session, onFile, 'victim@y.test'))).toBe(
      'TRANSCRIPT_ADDRESS_NOT_ON_FILE',
    );
    expect(codeOf(() => transcriptRecipient(CUSTOMER, session, { email: null, pendingEmail: null }, undefined))).toBe(
      'TRANSCRIPT_NO_ADDRESS',
    );
  });

  it('lets staff name any address, else the customer’s confirmed one (never a pending one)', () => {
    expect(transcriptRecipient(AGENT, session, { email: null, pendingEmail: 'b@x.test' }, 'c@y.test')).toBe('c@y.test');
    expect(transcriptRecipient(AGENT, session, { email: 'a@x.test', pendingEmail: null }, undefined)).toBe('a@x.test');
    expect(
      codeOf(() => transcriptRecipient(AGENT, session, { email: null, pendingEmail: 'b@x.test' }, undefined)),
    ).toBe('TRANSCRIPT_NO_ADDRESS');
  });
});
