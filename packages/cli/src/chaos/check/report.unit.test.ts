import { describe, expect, it } from 'vitest';
import type { ChaosRecords, LoggedEvent } from './records.js';
import { failed, formatReport, runChecks } from './report.js';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
let position = 0;
const event = (
  streamId: string,
  type: string,
  data: Record<string, unknown>,
  ms: number,
  commandId: string | null = null,
): LoggedEvent => ({
  position: ++position,
  streamId,
  type,
  data,
  recordedAt: at(ms),
  commandId,
});

/** A clean run: one ticket waited, was reminded twice and auto-closed on time; an agent held one chat of one. */
function clean(): ChaosRecords {
  const events = [
    event('ticket-t1', 'TicketOpened', {}, 0, 'customer:c1:k1'),
    event('ticket-t1', 'TicketStatusChanged', { from: 'new', to: 'waiting_customer' }, 1_000, 'agent:a1:k2'),
    event('ticket-t1', 'TicketReminderSent', { n: 1, waitingSince: at(1_000) }, 4_100),
    event('ticket-t1', 'TicketReminderSent', { n: 2, waitingSince: at(1_000) }, 6_100),
    event('ticket-t1', 'TicketAutoClosed', { from: 'waiting_customer' }, 8_200),
    event('agent-a1', 'AgentRegistered', { agentId: 'a1', capacity: 1, ticketCapacity: null }, 0),
    event(
      'agent-a1',
      'AgentWorkReserved',
      { agentId: 'a1', reservationId: 'r1', item: { kind: 'chat', id: 'c1' }, mode: 'routed' },
      100,
    ),
    event('agent-a1', 'AgentWorkReleased', { agentId: 'a1', released: [{ reservationId: 'r1' }] }, 200),
    event(
      'agent-a1',
      'AgentWorkReserved',
      { agentId: 'a1', reservationId: 'r2', item: { kind: 'chat', id: 'c2' }, mode: 'routed' },
      300,
    ),
  ];
  return {
    acknowledged: [
      { client: 'customer-1', commandKey: 'customer:c1:k1', mutation: 'openTicket', resultId: 't1', at: at(0) },
      { client: 'agent-1', commandKey: 'agent:a1:k2', mutation: 'changeTicketStatus', resultId: 't1', at: at(1_000) },
    ],
    loggedCommandKeys: new Set(['customer:c1:k1', 'agent:a1:k2']),
    events,
    deliveries: [
      { channel: 'email', recipient: 'c1', messageId: 'm1' },
      { channel: 'webhook', recipient: 'e1', messageId: 'm1' },
    ],
    webhooks: [
      { path: '/hooks/crm', webhookId: 'w1', bodySha256: 'b1', status: 500 },
      { path: '/hooks/crm', webhookId: 'w1', bodySha256: 'b1', status: 204 },
      { path: '/hooks/crm', webhookId: 'w1', bodySha256: 'b1', status: 204 },
    ],
    mails: [
      { to: ['c1@example.com'], messageId: '<m1@localhost>', notification: 'n1' },
      { to: ['c1@example.com'], messageId: '<m1@localhost>', notification: 'n1' },
    ],
    faults: [{ kind: 'kill-worker', target: 'worker-a', at: at(500), recoveryMs: 4_000 }],
    timings: { firstReminderMs: 3_000, secondReminderMs: 5_000, autoCloseMs: 7_000 },
    faultsEndedAt: at(600),
    readAt: at(200_000),
    rebuildDifferences: [],
    sealProblems: [],
  };
}

/** A reservation's data with the hand-over it waits for (the item command's id). */
const handedOver = (agentId: string, reservationId: string, chatId: string, commandId: string) => ({
  agentId,
  reservationId,
  item: { kind: 'chat', id: chatId },
  itemVersion: 1,
  handOver: { commandId, command: { type: 'AssignChat', data: { chatId, agentId } } },
});

const violationsOf = (records: ChaosRecords) =>
  Object.fromEntries(runChecks(records).map((r) => [r.check, r.violations.length]));

describe('the chaos checker', () => {
  it('finds nothing in a clean run (a webhook sent again under its own id is not a double)', () => {
    const results = runChecks(clean());
    expect(failed(results), formatReport(results)).toBe(false);
    expect(formatReport(results)).toContain('late p99 after the faults 200 ms');
  });

  const chatStarted = event('chat-c5', 'ChatStarted', { chatId: 'c5' }, 400, 'customer:c1:k5');
  const routed = event(
    'agent-a2',
    'AgentWorkReserved',
    { ...handedOver('a2', 'r5', 'c5', 'route:chat c5@1'), mode: 'routed' },
    500,
    'reserve:r5',
  );
  const accepted = event(
    'agent-a3',
    'AgentWorkReserved',
    { ...handedOver('a3', 'r6', 'c5', 'agent:a3:k6'), mode: 'accepted' },
    600,
    'reserve:r6',
  );
  const given = (agentId: string, commandId: string) =>
    event('chat-c5', 'ChatAssigned', { chatId: 'c5', agentId }, 700, commandId);
  const cancelled = (agentId: string, reservationId: string) =>
    event(`agent-${agentId}`, 'AgentWorkReleased', { agentId, released: [{ reservationId }], cause: 'cancelled' }, 800);

  // Both reserve at the chat's version 1; the chat takes one hand-over, the other slot goes back.
  it.each([
    [
      "a killed router's reservation still in flight when an agent accepts (the accept lands)",
      [routed, accepted, given('a3', 'agent:a3:k6'), cancelled('a2', 'r5')],
    ],
    [
      "an agent's accept, read before the router's hand-over landed, reserving after it (chaos run seed 20261128)",
      [routed, given('a2', 'route:chat c5@1'), accepted, cancelled('a3', 'r6')],
    ],
  ])('takes two reservations racing for one chat, the loser given back, for no double: %s', (_name, race) => {
    const records = clean();
    const registered = ['a2', 'a3'].map((agentId) =>
      event(`agent-${agentId}`, 'AgentRegistered', { agentId, capacity: 1, ticketCapacity: null }, 0),
    );
    const results = runChecks({ ...records, events: [...records.events, ...registered, chatStarted, ...race] });
    expect(failed(results), formatReport(results)).toBe(false);
    expect(formatReport(results)).toMatch(/1 reservations raced another agent's for their item/);
  });

  it.each<[string, (records: ChaosRecords) => ChaosRecords, string]>([
    [
      'an acknowledged command the log lacks',
      (r) => ({ ...r, loggedCommandKeys: new Set(['customer:c1:k1']) }),
      'acknowledged commands missing from the log',
    ],
    [
      'a notification planned twice on one channel',
      (r) => ({ ...r, deliveries: [...r.deliveries, { channel: 'email', recipient: 'c1', messageId: 'm1' }] }),
      'notifications doubled (per channel)',
    ],
    [
      'one webhook body accepted under two webhook-ids',
      (r) => ({
        ...r,
        webhooks: [...r.webhooks, { path: '/hooks/crm', webhookId: 'w2', bodySha256: 'b1', status: 200 }],
      }),
      'webhooks doubled (by webhook-id)',
    ],
    [
      'one notification mailed under two Message-IDs',
      (r) => ({
        ...r,
        mails: [...r.mails, { to: ['c1@example.com'], messageId: '<m2@localhost>', notification: 'n1' }],
      }),
      'mails doubled (by Message-ID)',
    ],
    [
      'a reminder sent twice',
      (r) => ({
        ...r,
        events: [...r.events, event('ticket-t1', 'TicketReminderSent', { n: 1, waitingSince: at(1_000) }, 4_200)],
      }),
      'reminders, auto-closes, SLA alerts, follow-ups doubled',
    ],
    [
      'a chat routed to a second agent while the first holds it',
      (r) => ({
        ...r,
        events: [
          ...r.events,
          event(
            'agent-a2',
            'AgentWorkReserved',
            { agentId: 'a2', reservationId: 'r3', item: { kind: 'chat', id: 'c2' }, mode: 'routed' },
            400,
          ),
        ],
      }),
      'routing decisions doubled (an item held twice)',
    ],
    [
      "a second agent's routed hand-over landing on a chat the first holds",
      (r) => ({
        ...r,
        events: [
          ...r.events,
          event(
            'agent-a2',
            'AgentWorkReserved',
            { ...handedOver('a2', 'r7', 'c2', 'route:chat c2@3'), mode: 'routed' },
            400,
          ),
          event('chat-c2', 'ChatAssigned', { chatId: 'c2', agentId: 'a2' }, 450, 'route:chat c2@3'),
        ],
      }),
      'routing decisions doubled (an item held twice)',
    ],
    [
      'an agent given a chat beyond their capacity',
      (r) => ({
        ...r,
        events: [
          ...r.events,
          event(
            'agent-a1',
            'AgentWorkReserved',
            { agentId: 'a1', reservationId: 'r4', item: { kind: 'chat', id: 'c3' }, mode: 'routed' },
            500,
          ),
        ],
      }),
      'agent capacity exceeded (per the ledgers)',
    ],
    [
      'a waiting ticket never auto-closed',
      (r) => ({ ...r, events: r.events.filter((e) => e.type !== 'TicketAutoClosed') }),
      'due timers never fired',
    ],
    [
      'a read model differing from its rebuild',
      (r) => ({ ...r, rebuildDifferences: ['tickets: 1 row differs'] }),
      'read models differing from a rebuild of the log',
    ],
    [
      'a seal that does not verify',
      (r) => ({ ...r, sealProblems: ['seal 3: bad signature'] }),
      'hash chains and seals failing to verify',
    ],
    [
      'a process never ready again',
      (r) => ({ ...r, faults: [{ kind: 'kill-api', target: 'api-a', at: at(10), recoveryMs: null }] }),
      'recovery over 30 s (or never)',
    ],
    [
      'an upload to a full disk answered otherwise than refused as full',
      (r) => ({
        ...r,
        faults: [
          { kind: 'fill-disk', target: 'attachments', at: at(10), recoveryMs: 300, problem: 'answered 500 INTERNAL' },
        ],
      }),
      'recovery over 30 s (or never)',
    ],
  ])('fails on %s', (_name, breakIt, check) => {
    const records = breakIt(clean());
    const results = runChecks(records);
    expect(failed(results)).toBe(true);
    const counts = violationsOf(records);
    expect(counts[check]).toBe(1);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(1);
    expect(formatReport(results)).toContain(`${check}:`);
  });
});
