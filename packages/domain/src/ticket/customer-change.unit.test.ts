import { describe, expect, it } from 'vitest';
import { codeOf } from '../shared/shared.fixture.js';
import { AGENT, CUSTOMER, given, historyIn, OTHER_CUSTOMER, SAMPLE_COMMANDS, SYSTEM, T0 } from './ticket.fixture.js';

const move = SAMPLE_COMMANDS.ChangeTicketCustomer;

describe('moving a ticket to the surviving customer', () => {
  const waiting = historyIn('waiting_customer');

  it('records the change and keeps everything else: status, agent, SLA clocks', () => {
    const before = given(waiting).state!;
    const events = given(waiting).when(move, SYSTEM, T0).events();
    expect(events).toMatchObject([
      {
        type: 'TicketCustomerChanged',
        data: { from: CUSTOMER.id, to: OTHER_CUSTOMER.id, reason: 'visitor identified' },
      },
    ]);
    const after = given([...waiting, ...events]).state!;
    const { customerId, version, ...kept } = after;
    const { customerId: was, version: _v, ...keptBefore } = before;
    expect([was, customerId]).toEqual([CUSTOMER.id, OTHER_CUSTOMER.id]);
    expect(kept).toEqual(keptBefore);
  });

  it('moves once, only from its holder, by the engine alone', () => {
    const moved = [...waiting, ...given(waiting).when(move, SYSTEM, T0).events()];
    expect(given(moved).when(move, SYSTEM, T0).events()).toEqual([]);
    const elsewhere = { ...move, data: { ...move.data, to: 'customer-3' } };
    expect(codeOf(() => given(moved).when(elsewhere, SYSTEM, T0).events())).toBe('INVALID_TRANSITION');
    expect(codeOf(() => given(waiting).when(move, AGENT, T0).events())).toBe('FORBIDDEN');
    expect(codeOf(() => given(waiting).when(move, CUSTOMER, T0).events())).toBe('FORBIDDEN');
  });
});
