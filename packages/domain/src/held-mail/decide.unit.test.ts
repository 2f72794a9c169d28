import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { codeOf } from '../shared/shared.fixture.js';
import { TicketCommand } from '../ticket/commands.js';
import type { HeldMailCommand } from './commands.js';
import { acceptedHeldMailReply, type HeldMailState, heldMailDecider } from './index.js';

const T0 = new Date('2026-11-28T09:00:00.000Z');
const INGRESS: Actor = { id: 'mail-in', role: 'system' };
const AGENT: Actor = { id: 'agent-1', role: 'agent' };

const MAIL = {
  messageId: 'forged@example.com',
  mailKey: 'mid:forged@example.com',
  original: 'mail-raw-1',
  from: 'ada@example.com',
  mailbox: 'support@engine.example',
  authentication: { spf: 'fail', dkim: 'none', dmarc: 'fail' },
} as const;

const hold = (overrides: Partial<{ mailKey: string; ticketId: string; body: string }> = {}): HeldMailCommand => ({
  type: 'HoldMail',
  data: {
    heldMailId: 'held-1',
    ticketId: overrides.ticketId ?? 'ticket-1',
    reason: 'dmarc-failed',
    content: {
      body: overrides.body ?? 'Please refund me to this other account',
      mail: { ...MAIL, mailKey: overrides.mailKey ?? MAIL.mailKey },
      subject: 'Re: [#ticket-1] My order',
      from: 'Ada <ada@example.com>',
      receivedAt: '2026-11-28T08:59:00.000Z',
    },
  },
});
const accept = (note?: string): HeldMailCommand => ({
  type: 'AcceptHeldMail',
  data: { heldMailId: 'held-1', ...(note === undefined ? {} : { note }) },
});
const discard: HeldMailCommand = { type: 'DiscardHeldMail', data: { heldMailId: 'held-1' } };

function decide(state: HeldMailState, command: HeldMailCommand, actor: Actor) {
  return heldMailDecider.decide(command, state, { now: T0, actor });
}
function after(steps: readonly [HeldMailCommand, Actor][]): HeldMailState {
  return steps.reduce<HeldMailState>(
    (state, [command, actor]) => fold(heldMailDecider, decide(state, command, actor), state),
    heldMailDecider.initialState,
  );
}
const HELD = after([[hold(), INGRESS]]);

describe('holding a message', () => {
  it('records the message with its ticket, reason and content, pending', () => {
    const [event] = decide(null, hold(), INGRESS);
    expect(event).toMatchObject({
      type: 'MailHeld',
      data: { heldMailId: 'held-1', ticketId: 'ticket-1', reason: 'dmarc-failed', actor: INGRESS },
    });
    expect(HELD?.status).toBe('pending');
  });

  it('holds the same message again as nothing, another under the same id as ALREADY_EXISTS', () => {
    expect(decide(HELD, hold(), INGRESS)).toEqual([]);
    expect(codeOf(() => decide(HELD, hold({ mailKey: 'mid:other@example.com' }), INGRESS))).toBe('ALREADY_EXISTS');
  });

  it('is the mail ingress only: staff may not hold mail (FORBIDDEN)', () => {
    expect(codeOf(() => decide(null, hold(), AGENT))).toBe('FORBIDDEN');
  });

  it('refuses a message without words or files, and text that cannot be stored (VALIDATION_FAILED)', () => {
    expect(codeOf(() => decide(null, hold({ body: '   ' }), INGRESS))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => decide(null, hold({ body: 'a\u0000b' }), INGRESS))).toBe('VALIDATION_FAILED');
  });
});

describe('reviewing a held message', () => {
  it.each([
    ['accept', accept('Checked by phone'), 'HeldMailAccepted', 'accepted'],
    ['discard', discard, 'HeldMailDiscarded', 'discarded'],
  ] as const)('staff %s a pending message once; then it is HELD_MAIL_DECIDED', (_, command, type, status) => {
    const events = decide(HELD, command, AGENT);
    expect(events).toEqual([
      expect.objectContaining({ type, data: expect.objectContaining({ heldMailId: 'held-1', ticketId: 'ticket-1' }) }),
    ]);
    const decided = fold(heldMailDecider, events, HELD);
    expect(decided?.status).toBe(status);
    expect(codeOf(() => decide(decided, accept(), AGENT))).toBe('HELD_MAIL_DECIDED');
    expect(codeOf(() => decide(decided, discard, AGENT))).toBe('HELD_MAIL_DECIDED');
  });

  it('keeps a note only when one is given', () => {
    expect(decide(HELD, accept('Checked by phone'), AGENT)[0]?.data).toMatchObject({ note: 'Checked by phone' });
    expect(decide(HELD, accept(), AGENT)[0]?.data).not.toHaveProperty('note');
  });

  it('refuses a message never held (NOT_FOUND)', () => {
    expect(codeOf(() => decide(null, accept(), AGENT))).toBe('NOT_FOUND');
  });

  it.each([
    ['an auditor', { id: 'auditor-1', role: 'auditor' }],
    ['a customer', { id: 'ada', role: 'customer' }],
    ['the system', INGRESS],
  ] as const)('refuses %s (FORBIDDEN)', (_, actor) => {
    expect(codeOf(() => decide(HELD, accept(), actor))).toBe('FORBIDDEN');
    expect(codeOf(() => decide(HELD, discard, actor))).toBe('FORBIDDEN');
  });

  it.each(['supervisor', 'admin'] as const)('lets a %s decide', (role) => {
    expect(decide(HELD, discard, { id: `${role}-1`, role })).toHaveLength(1);
  });
});

describe('the reply an accepted message becomes', () => {
  it("is the customer's reply on its ticket with the message's text and mail origin, a valid ticket command", () => {
    if (HELD === null) throw new Error('held');
    const reply = acceptedHeldMailReply(HELD);
    expect(reply).toEqual({
      type: 'CustomerReply',
      data: { ticketId: 'ticket-1', body: 'Please refund me to this other account', mail: MAIL },
    });
    expect(TicketCommand.safeParse(reply).success).toBe(true);
  });
});
