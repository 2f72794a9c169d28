import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { isDomainError } from '../shared/errors.js';
import { HOUR_MS } from '../shared/time.js';
import type { SlaConfigCommand } from '../sla-config/commands.js';
import { governingSla } from '../sla-config/governing.js';
import { BASE, configured, policy } from '../sla-config/sla-config.fixture.js';
import type { SlaConfiguration } from '../sla-config/state.js';
import { parseTicketCommand, type TicketCommandInput } from './commands.js';
import type { TicketEvent } from './events.js';
import { ticketDecider } from './index.js';
import { AGENT, CUSTOMER, historyIn, hour, opened, SAMPLE_COMMANDS, SYSTEM, T0, TICKET_ID } from './ticket.fixture.js';

/** Policy `p` is the default; category `outage` (urgent by default) uses policy `fast` (15 min). */
const CONFIG = configured(
  [
    { type: 'SetDefaultSlaPolicy', data: { policyId: 'p' } },
    { type: 'CreateSlaPolicy', data: { policyId: 'fast', definition: policy('office', 15) } },
    {
      type: 'CreateTicketCategory',
      data: {
        categoryId: 'outage',
        definition: { name: 'Outage', parentId: null, slaPolicyId: 'fast', defaultPriority: 'urgent' },
      },
    },
    { type: 'CreateTicketCategory', data: { categoryId: 'billing', definition: { name: 'Billing', parentId: null } } },
  ],
  BASE,
);

/** The events a ticket command decides after `history`, with `slaConfiguration` in the context when given. */
function decide(
  history: readonly TicketEvent[],
  input: TicketCommandInput,
  options: { actor?: Actor; now?: Date; config?: SlaConfiguration } = {},
): readonly TicketEvent[] {
  const { actor = SYSTEM, now = T0, config } = options;
  const context = { now, actor, ...(config === undefined ? {} : { slaConfiguration: config }) };
  return ticketDecider.decide(parseTicketCommand(input), fold(ticketDecider, history), context);
}

/** The recorded terms of `category` under `config`, as the event carries them. */
function applied(config: SlaConfiguration, category: string | null, cause: string, actor: Actor = SYSTEM, at = T0) {
  const terms = governingSla(config, category)!;
  return {
    type: 'TicketSlaPolicyApplied',
    data: { at: at.toISOString(), actor, ticketId: TICKET_ID, ...terms, cause },
  };
}

const open = (data: object = {}): TicketCommandInput =>
  ({ ...SAMPLE_COMMANDS.OpenTicket, data: { ...SAMPLE_COMMANDS.OpenTicket.data, ...data } }) as TicketCommandInput;

describe('OpenTicket under an SLA configuration', () => {
  it('takes the category’s default priority when none is given, else normal', () => {
    const [outage] = decide([], open({ category: 'outage' }), { actor: CUSTOMER, config: CONFIG });
    expect(outage).toMatchObject({ type: 'TicketOpened', data: { priority: 'urgent' } });
    const [billing] = decide([], open({ category: 'billing' }), { actor: CUSTOMER, config: CONFIG });
    expect(billing).toMatchObject({ data: { priority: 'normal' } });
    const [given] = decide([], open({ category: 'outage', priority: 'low' }), { actor: CUSTOMER, config: CONFIG });
    expect(given).toMatchObject({ data: { priority: 'low' } });
    const [unconfigured] = decide([], open({ category: 'outage' }), { actor: CUSTOMER });
    expect(unconfigured).toMatchObject({ data: { priority: 'normal' } });
    // A proactive ticket stays within normal..high whatever its category's default.
    const [offered] = decide([], open({ category: 'outage', proactive: true }), { config: CONFIG });
    expect(offered).toMatchObject({ data: { priority: 'high', proactive: true } });
  });

  it('records the governing terms (cause opened) only with a configuration in the context', () => {
    const events = decide([], open({ category: 'outage' }), { actor: CUSTOMER, config: CONFIG });
    expect(events[1]).toEqual(applied(CONFIG, 'outage', 'opened', CUSTOMER));
    expect(events[1]).toMatchObject({ data: { policyId: 'fast', policyVersion: 1 } });
    expect(decide([], open({ category: 'outage' }), { actor: CUSTOMER })).toHaveLength(1);
  });

  it('records nothing when the configuration sets nothing', () => {
    expect(decide([], open(), { actor: CUSTOMER, config: configured([]) })).toHaveLength(1);
  });
});

describe('ChangeCategory under an SLA configuration', () => {
  const history = [opened(T0), applied(CONFIG, null, 'opened') as TicketEvent];
  const change = (category: string): TicketCommandInput => ({
    type: 'ChangeCategory',
    data: { ticketId: TICKET_ID, category },
  });

  it('records the new terms when they differ', () => {
    const events = decide(history, change('outage'), { actor: AGENT, config: CONFIG });
    expect(events.map((e) => e.type)).toEqual(['TicketCategoryChanged', 'TicketSlaPolicyApplied']);
    expect(events[1]).toEqual(applied(CONFIG, 'outage', 'category_changed', AGENT));
  });

  it('records nothing more when the terms stay the same', () => {
    expect(decide(history, change('billing'), { actor: AGENT, config: CONFIG }).map((e) => e.type)).toEqual([
      'TicketCategoryChanged',
    ]);
  });
});

describe('RefreshSla', () => {
  const refresh: TicketCommandInput = { type: 'RefreshSla', data: { ticketId: TICKET_ID } };
  const history = [opened(T0), applied(CONFIG, null, 'opened') as TicketEvent];

  it('decides nothing while the terms are unchanged', () => {
    expect(decide(history, refresh, { config: CONFIG })).toEqual([]);
  });

  it('records the edited policy’s terms (cause configuration_changed)', () => {
    const edited = configured(
      [{ type: 'UpdateSlaPolicy', data: { policyId: 'p', definition: policy('office', 30) } }],
      CONFIG,
    );
    const [event] = decide(history, refresh, { config: edited, now: hour(1) });
    expect(event).toEqual(applied(edited, null, 'configuration_changed', SYSTEM, hour(1)));
    expect(event).toMatchObject({ data: { policyVersion: 2 } });
  });

  it('hands the ticket back to the bootstrap policy once the configuration sets nothing for it, once', () => {
    const cleared = configured([{ type: 'SetDefaultSlaPolicy', data: { policyId: null } }], CONFIG);
    const events = decide(history, refresh, { config: cleared, now: hour(1) });
    expect(events).toMatchObject([
      {
        type: 'TicketSlaPolicyApplied',
        data: { policyId: null, policyVersion: null, policy: null, timings: {}, cause: 'configuration_changed' },
      },
    ]);
    expect(decide([...history, ...events], refresh, { config: cleared, now: hour(2) })).toEqual([]);
    // A ticket that never recorded terms has nothing to hand back.
    expect(decide([opened(T0)], refresh, { config: cleared })).toEqual([]);
  });

  it('decides nothing for a closed ticket', () => {
    const edited = configured(
      [{ type: 'UpdateSlaPolicy', data: { policyId: 'p', definition: policy('office', 30) } }],
      CONFIG,
    );
    expect(
      decide([...historyIn('closed'), applied(CONFIG, null, 'opened') as TicketEvent], refresh, { config: edited }),
    ).toEqual([]);
  });

  it('decides nothing without a configuration in the context', () => {
    const edited = configured(
      [{ type: 'UpdateSlaPolicy', data: { policyId: 'p', definition: policy('office', 30) } }],
      CONFIG,
    );
    expect(decide([opened(T0), applied(edited, null, 'opened') as TicketEvent], refresh)).toEqual([]);
  });
});

describe('timings of the governing terms', () => {
  const quickReminders: SlaConfigCommand = {
    type: 'UpdateSlaPolicy',
    data: { policyId: 'p', definition: policy('office', 60, { timings: { firstReminderAfterMs: 2 * HOUR_MS } }) },
  };
  const quick = configured([quickReminders], CONFIG);
  const reminder: TicketCommandInput = { type: 'SendReminder', data: { ticketId: TICKET_ID, n: 1 } };
  const refusedEarly = (history: readonly TicketEvent[]) => {
    try {
      decide(history, reminder, { now: hour(3) });
    } catch (error) {
      return isDomainError(error) && error.code === 'INVALID_TRANSITION';
    }
    return false;
  };

  it('makes a reminder due after the policy’s shorter delay, not the deployment’s', () => {
    // Waiting since T0; 3 hours later only the policy's 2 h delay has passed.
    const waiting = historyIn('waiting_customer');
    expect(refusedEarly(waiting)).toBe(true);
    const governed = [...waiting, applied(quick, null, 'configuration_changed', SYSTEM) as TicketEvent];
    expect(decide(governed, reminder, { now: hour(3) })).toMatchObject([
      { type: 'TicketReminderSent', data: { n: 1 } },
    ]);
  });

  it('auto-closes a resolved ticket after the policy’s resolved delay', () => {
    const longer = configured(
      [
        {
          type: 'UpdateSlaPolicy',
          data: {
            policyId: 'p',
            definition: policy('office', 60, { timings: { resolvedAutoCloseAfterMs: 48 * HOUR_MS } }),
          },
        },
      ],
      CONFIG,
    );
    const resolved = [...historyIn('resolved'), applied(longer, null, 'configuration_changed') as TicketEvent];
    const close: TicketCommandInput = { type: 'AutoClose', data: { ticketId: TICKET_ID, reason: 'resolved_timeout' } };
    expect(() => decide(resolved, close, { now: hour(30) })).toThrow(/not due before/);
    expect(decide(resolved, close, { now: hour(48) })).toMatchObject([{ type: 'TicketAutoClosed' }]);
  });
});
