import { describe, expect, it } from 'vitest';
import { renderEmail } from './channels/email-render.js';
import { inertText } from './channels/inert-text.js';
import { MessagePayload } from './channels/message.js';
import { Directory } from './directory.js';
import { foldIntoDirectory, type PlannedEvent } from './fold.js';
import { planDeliveries } from './plan.js';

// A chat transcript request planned into its one mail: to the address it names, agents by name,
// the customer's words inert, in the asked language, nothing when mail is off.

const at = new Date('2026-03-02T14:05:00Z');
const customer = { id: 'cust-1', role: 'customer' };

const event = (type: string, data: Record<string, unknown>, version: number, streamId: string): PlannedEvent => ({
  type,
  data: { at: at.toISOString(), actor: customer, ...data },
  streamId,
  version,
  globalPosition: BigInt(version),
  recordedAt: at,
});

const requested = (language?: string) =>
  event(
    'ChatTranscriptRequested',
    {
      chatId: 'chat-1',
      customerId: 'cust-1',
      to: 'ana@example.com',
      language,
      transcript: [
        { at: '2026-03-02T14:00:00.000Z', from: 'customer', authorId: 'cust-1', body: 'See www.spam.example' },
        { at: '2026-03-02T14:01:00.000Z', from: 'agent', authorId: 'agent-ada', body: 'See https://help.example/a' },
        { at: '2026-03-02T14:02:00.000Z', from: 'customer', authorId: 'cust-1', body: '', files: ['bill.pdf'] },
      ],
    },
    7,
    'chat-chat-1',
  );

function directory(): Directory {
  const known = new Directory();
  const registered = {
    customerId: 'cust-1',
    name: 'Ana',
    email: 'old@example.com',
    language: 'en',
    timeZone: 'Europe/Paris',
    deliveryPreference: 'both',
  };
  foldIntoDirectory(known, event('CustomerRegistered', registered, 1, 'customer-cust-1'));
  const agent = { agentId: 'agent-ada', name: 'Ada', skills: [], languages: [], tier: 1, capacity: 3 };
  foldIntoDirectory(known, event('AgentRegistered', agent, 1, 'agent-agent-ada'));
  foldIntoDirectory(
    known,
    event('AgentRenamed', { agentId: 'agent-ada', name: 'Ada Lovelace', previous: 'Ada' }, 2, 'agent-agent-ada'),
  );
  return known;
}

describe('planning a chat transcript mail', () => {
  it('mails the conversation once, to the address asked, agents by their display name, the customer’s words inert', () => {
    const { deliveries, inbox } = planDeliveries(requested(), directory(), { email: true, push: false });
    expect(inbox).toEqual([]);
    expect(deliveries).toHaveLength(1);
    const [mail] = deliveries;
    expect(mail).toMatchObject({
      deliveryId: 'notification:chat-chat-1:7:email:transcript',
      channel: 'email',
      recipient: 'ana@example.com',
      person: { kind: 'customer', id: 'cust-1' },
      topic: 'chat.transcript',
    });
    const payload = MessagePayload.parse(mail!.payload);
    expect(payload.title).toBe('Support chat: Your transcript');
    expect(payload.text).toContain('2026-03-02 15:01 (Europe/Paris), Ada Lovelace:\nSee https://help.example/a');
    expect(payload.text).toContain(`Files: ${inertText('bill.pdf')}`);
    expect(payload.text).not.toContain('www.spam.example');
    const html = renderEmail(payload).html;
    expect(html).toContain('<a href="https://help.example/a">');
    expect(html).not.toContain('href="www.spam');
    // Planned again (a notifier redoing its batch), the same row: the outbox keeps one.
    expect(planDeliveries(requested(), directory(), { email: true, push: false }).deliveries).toEqual(deliveries);
  });

  it('is written in the language asked, and sent nothing while mail is off', () => {
    const [mail] = planDeliveries(requested('fr'), directory(), { email: true, push: false }).deliveries;
    expect(MessagePayload.parse(mail!.payload).title).toBe('Chat avec le support : votre transcription');
    expect(planDeliveries(requested(), directory(), { email: false, push: false }).deliveries).toEqual([]);
  });
});
