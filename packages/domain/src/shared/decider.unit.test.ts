import { describe, expect, it } from 'vitest';
import * as agents from '../agent/index.js';
import * as article from '../article/index.js';
import * as cannedReply from '../canned-reply/index.js';
import * as chat from '../chat/index.js';
import * as customer from '../customer/index.js';
import * as kbCategory from '../kb-category/index.js';
import * as proactive from '../proactive/index.js';
import * as slaConfig from '../sla-config/index.js';
import * as staff from '../staff/index.js';
import * as ticket from '../ticket/index.js';
import * as webhook from '../webhook/index.js';
import type { Decider } from './decider.js';
import { runCommand } from './decider.js';
import { DomainError } from './errors.js';

// Every decider the package's entry points export, found by shape, so one added later is held to the same rule.
const domain = {
  ...agents,
  ...article,
  ...cannedReply,
  ...chat,
  ...customer,
  ...kbCategory,
  ...proactive,
  ...slaConfig,
  ...staff,
  ...ticket,
  ...webhook,
};
const deciders = Object.entries(domain as Record<string, unknown>).filter(
  (entry): entry is [string, Decider<unknown, unknown, unknown>] =>
    typeof entry[1] === 'object' &&
    entry[1] !== null &&
    'initialState' in entry[1] &&
    typeof (entry[1] as { decide?: unknown }).decide === 'function' &&
    typeof (entry[1] as { evolve?: unknown }).evolve === 'function',
);

const now = new Date('2026-03-02T09:00:00Z');
const agent = { id: 'agent-7', role: 'agent' };
const badContexts: [string, unknown][] = [
  ['a clock that is not a date', { now: new Date('not a date'), actor: agent }],
  ['a role that is not one of the six', { now, actor: { id: 'mallory', role: 'root' } }],
  ['a role in the wrong case', { now, actor: { id: 'c-1', role: 'Customer' } }],
  ['a blank actor id', { now, actor: { id: '  ', role: 'agent' } }],
  ['a key the context does not have', { now, actor: agent, tenant: 'acme' }],
  ['no actor', { now }],
];

function refusal(run: () => unknown): { code: string; message: string } | 'decided' {
  try {
    run();
    return 'decided';
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { code: error.code, message: error.message };
  }
}

describe('the command context', () => {
  it('is found on every exported decider', () => {
    expect(deciders.map(([name]) => name)).toEqual(
      expect.arrayContaining(['ticketDecider', 'chatDecider', 'agentDecider', 'customerDecider', 'slaConfigDecider']),
    );
    expect(deciders.length).toBeGreaterThanOrEqual(13);
  });

  for (const [what, context] of badContexts)
    it(`with ${what} is refused by every decider as VALIDATION_FAILED, before the command is read`, () => {
      for (const [name, decider] of deciders) {
        const outcome = refusal(() => decider.decide({ type: 'Anything' }, decider.initialState, context as never));
        expect({ name, outcome }).toEqual({
          name,
          outcome: { code: 'VALIDATION_FAILED', message: expect.stringContaining('Invalid command context') },
        });
      }
    });

  it('says what is wrong with a clock: an invalid Date, or no Date at all', () => {
    const [, decider] = deciders[0]!;
    const message = (clock: unknown) =>
      refusal(() => decider.decide({ type: 'Anything' }, decider.initialState, { now: clock, actor: agent } as never));
    expect(message(new Date('not a date'))).toMatchObject({
      message: expect.stringContaining('now is an invalid Date'),
    });
    expect(message('2026-03-02')).toMatchObject({ message: expect.stringContaining('now must be a Date') });
  });

  it('lets an unknown role start no chat (it once counted as staff there)', () => {
    const start = { type: 'StartChat', data: { chatId: 'x', customerId: 'c-1' } } as const;
    const context = { now, actor: { id: 'mallory', role: 'root' } };
    expect(refusal(() => runCommand(domain.chatDecider, [], start, context as never))).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    // The same command from the customer themself is decided.
    const own = runCommand(domain.chatDecider, [], start, { now, actor: { id: 'c-1', role: 'customer' } });
    expect(own.events.map((event) => event.type)).toEqual(['ChatStarted']);
  });

  it("holds each aggregate to its own context: the ticket's plan and SLA configuration are refused by the others", () => {
    const plan = { now, actor: agent, customerPlan: 'premium' };
    const sla = { now, actor: agent, slaConfiguration: domain.EMPTY_SLA_CONFIGURATION };
    const extended = new Set(['ticketDecider', 'chatDecider']);
    for (const [name, decider] of deciders) {
      const withPlan = refusal(() => decider.decide({ type: 'Anything' }, decider.initialState, plan as never));
      const withSla = refusal(() => decider.decide({ type: 'Anything' }, decider.initialState, sla as never));
      const contextRefused = (outcome: ReturnType<typeof refusal>) =>
        outcome !== 'decided' && outcome.message.includes('Invalid command context');
      expect({ name, plan: contextRefused(withPlan), sla: contextRefused(withSla) }).toEqual({
        name,
        plan: name !== 'ticketDecider',
        sla: !extended.has(name),
      });
    }
  });
});
