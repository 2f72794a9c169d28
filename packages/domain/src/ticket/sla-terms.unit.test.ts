import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import type { CommandContext } from '../shared/context.js';
import type { SlaConfigCommand } from '../sla-config/commands.js';
import { decideSlaConfiguration } from '../sla-config/decide.js';
import { evolveSlaConfiguration } from '../sla-config/evolve.js';
import { EMPTY_SLA_CONFIGURATION, type SlaConfiguration } from '../sla-config/state.js';
import type { TicketCommandInput } from './commands.js';
import type { TicketEvent } from './events.js';
import { evolveTicket } from './evolve.js';
import { ticketDecider } from './index.js';
import type { TicketState } from './state.js';

const AGENT: Actor = { id: 'al', role: 'agent' };
const SYSTEM: Actor = { id: 'sla-replanner', role: 'system' };
const NOW = new Date('2026-03-02T09:00:00Z');
const configure = (state: SlaConfiguration, ...commands: SlaConfigCommand[]) =>
  commands.reduce(
    (s, command) =>
      decideSlaConfiguration(command, s, { now: NOW, actor: { id: 'ada', role: 'admin' } }).reduce(
        evolveSlaConfiguration,
        s,
      ),
    state,
  );
const PRESETS = configure(EMPTY_SLA_CONFIGURATION, {
  type: 'LoadSlaPresets',
  data: { presets: ['standard', 'categories'] },
});

function decide(state: TicketState, command: TicketCommandInput, context: Partial<CommandContext> = {}): TicketEvent[] {
  return [...ticketDecider.decide(command, state, { now: NOW, actor: AGENT, ...context })];
}
const fold = (events: readonly TicketEvent[], state: TicketState = null) => events.reduce(evolveTicket, state);
const open = (category?: string): TicketCommandInput => ({
  type: 'OpenTicket',
  data: {
    ticketId: 't-1',
    customerId: 'carl',
    subject: 'Help',
    description: 'Please',
    channel: 'web',
    ...(category ? { category } : {}),
  },
});

describe('a ticket’s SLA terms', () => {
  it('are recorded at opening only when the context carries a configuration', () => {
    expect(decide(null, open('outage')).map((e) => e.type)).toEqual(['TicketOpened']);
    const events = decide(null, open('outage'), { slaConfiguration: PRESETS });
    expect(events.map((e) => e.type)).toEqual(['TicketOpened', 'TicketSlaPolicyApplied']);
    expect(events[0]?.data).toMatchObject({ priority: 'urgent' });
    expect(events[1]?.data).toMatchObject({ policyId: 'support-categories', policyVersion: 1, cause: 'opened' });
    expect(decide(null, open(), { slaConfiguration: PRESETS })[0]?.data).toMatchObject({ priority: 'normal' });
  });

  it('change with a category that brings other terms, and not with one that keeps them', () => {
    const opened = fold(decide(null, open('bug'), { slaConfiguration: PRESETS }));
    const toOutage = decide(
      opened,
      { type: 'ChangeCategory', data: { ticketId: 't-1', category: 'outage' } },
      {
        slaConfiguration: PRESETS,
      },
    );
    expect(toOutage.map((e) => e.type)).toEqual(['TicketCategoryChanged', 'TicketSlaPolicyApplied']);
    expect(toOutage[1]?.data).toMatchObject({ cause: 'category_changed' });
    // Two categories without targets of their own under the default policy share its terms.
    const elsewhere = fold(decide(null, open('elsewhere'), { slaConfiguration: PRESETS }));
    const toOther = decide(
      elsewhere,
      { type: 'ChangeCategory', data: { ticketId: 't-1', category: 'another' } },
      {
        slaConfiguration: PRESETS,
      },
    );
    expect(toOther.map((e) => e.type)).toEqual(['TicketCategoryChanged']);
  });

  it('are refreshed after an edit that changes them, and not otherwise nor once closed', () => {
    const opened = fold(decide(null, open(), { slaConfiguration: PRESETS }));
    const refresh: TicketCommandInput = { type: 'RefreshSla', data: { ticketId: 't-1' } };
    expect(decide(opened, refresh, { actor: SYSTEM, slaConfiguration: PRESETS })).toEqual([]);
    const standard = PRESETS.policies.standard!.definition;
    const edited = configure(PRESETS, {
      type: 'UpdateSlaPolicy',
      data: { policyId: 'standard', definition: { ...standard, warnAtFraction: 0.5 } },
    });
    const refreshed = decide(opened, refresh, { actor: SYSTEM, slaConfiguration: edited });
    expect(refreshed[0]?.data).toMatchObject({ policyVersion: 2, cause: 'configuration_changed' });
    const closed = fold(decide(opened, { type: 'CloseAsSpam', data: { ticketId: 't-1' } }), opened);
    expect(decide(closed, refresh, { actor: SYSTEM, slaConfiguration: edited })).toEqual([]);
    expect(() => decide(opened, refresh, { slaConfiguration: edited })).toThrow(/agent/);
  });
});
