import { describe, expect, it } from 'vitest';
import { statusChoices } from './transitions.ts';

describe('the status choices of the ticket panel', () => {
  it('offers a new ticket only in progress, the close disabled as unanswered and the rest as not from new', () => {
    expect(statusChoices('new')).toEqual([
      { to: 'in_progress', allowed: true },
      { to: 'waiting_customer', allowed: false, refusal: 'notFrom' },
      { to: 'resolved', allowed: false, refusal: 'notFrom' },
      { to: 'closed', allowed: false, refusal: 'unansweredClose' },
    ]);
  });

  it('lets a ticket in progress wait, resolve or close, and never go back to new', () => {
    expect(statusChoices('in_progress')).toEqual([
      { to: 'new', allowed: false, refusal: 'notFrom' },
      { to: 'waiting_customer', allowed: true },
      { to: 'resolved', allowed: true },
      { to: 'closed', allowed: true },
    ]);
  });

  it('reopens a closed ticket only into progress', () => {
    expect(statusChoices('closed').filter((choice) => choice.allowed)).toEqual([{ to: 'in_progress', allowed: true }]);
  });
});
