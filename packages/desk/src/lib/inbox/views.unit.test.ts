import { describe, expect, it } from 'vitest';
import { inboxFilter, inboxSearch, parseInboxQuery, viewFilter, viewFilters, viewsFor } from './views.ts';

const ada = { sub: 'agent-ada', role: 'agent' };
const sue = { sub: 'sup-sue', role: 'supervisor' };

describe('the inbox views and their address', () => {
  it('start an agent on their own open tickets, anyone else on every open one', () => {
    expect(parseInboxQuery(new URLSearchParams(), ada).view).toBe('mine');
    expect(parseInboxQuery(new URLSearchParams(), sue).view).toBe('all');
    expect(inboxFilter(parseInboxQuery(new URLSearchParams(), ada), ada)).toEqual({
      assigneeId: 'agent-ada',
      status: ['new', 'in_progress', 'waiting_customer'],
    });
  });

  it('give each view its filter, the staleness rules left to the API', () => {
    expect(viewFilter('unassigned', ada)).toEqual({
      unassigned: true,
      status: ['new', 'in_progress', 'waiting_customer'],
    });
    expect(viewFilter('waiting', ada)).toEqual({ assigneeId: 'agent-ada', status: ['waiting_customer'] });
    expect(viewFilter('atRisk', ada).slaState).toEqual(['warning']);
    expect(viewFilter('breached', ada)).toEqual({
      slaState: ['breached'],
      status: ['new', 'in_progress', 'waiting_customer'],
    });
    expect(viewFilter('stale', ada)).toEqual({ stale: true });
    expect(Object.keys(viewFilters(ada))).toEqual([
      'mine',
      'queues',
      'unassigned',
      'waiting',
      'atRisk',
      'breached',
      'stale',
      'all',
      'withQueues',
    ]);
  });

  it('offer "unassigned in my queues" to agents only: the API asks the router’s rule for them', () => {
    expect(viewFilter('queues', ada)).toEqual({ inMyQueues: true, status: ['new', 'in_progress', 'waiting_customer'] });
    expect(viewsFor(ada)).toContain('queues');
    expect(viewsFor(sue)).not.toContain('queues');
    expect(viewFilters(ada).withQueues).toBe(true);
    expect(viewFilters(sue).withQueues).toBe(false);
    expect(parseInboxQuery(new URLSearchParams('view=queues'), sue).view).toBe('all');
  });

  it('take a saved view’s filter in place of the view’s, narrowed alike, and keep its id in the address', () => {
    const query = parseInboxQuery(new URLSearchParams('saved=v-1&priority=high'), ada);
    expect(query.saved).toBe('v-1');
    expect(inboxFilter(query, ada, { category: 'billing', status: ['new'] })).toEqual({
      category: 'billing',
      status: ['new'],
      priority: ['high'],
    });
    expect(inboxSearch(query, ada)).toBe('?saved=v-1&priority=high');
  });

  it('narrow a view by the filters chosen; status replaces the view’s statuses, all drops them', () => {
    const query = parseInboxQuery(
      new URLSearchParams(
        'view=unassigned&status=all&priority=urgent&channel=email&tag=vip&customer=cust-1&q=refund&category=billing',
      ),
      ada,
    );
    expect(inboxFilter(query, ada)).toEqual({
      unassigned: true,
      priority: ['urgent'],
      channel: ['email'],
      category: 'billing',
      tags: ['vip'],
      customerId: 'cust-1',
      search: 'refund',
    });
    expect(inboxFilter({ ...query, status: 'new' }, ada).status).toEqual(['new']);
  });

  it('round-trips through the query string, keeping only what differs from the defaults', () => {
    const query = parseInboxQuery(new URLSearchParams('view=stale&sort=sla_deadline&q=a b'), ada);
    const search = inboxSearch(query, ada);
    expect(search).toBe('?view=stale&q=a+b&sort=sla_deadline');
    expect(parseInboxQuery(new URLSearchParams(search), ada)).toEqual(query);
    expect(inboxSearch(parseInboxQuery(new URLSearchParams(), ada), ada)).toBe('');
  });

  it('ignores values it does not know', () => {
    const query = parseInboxQuery(new URLSearchParams('view=nope&status=done&sort=random&priority=1'), ada);
    expect(query).toMatchObject({ view: 'mine', status: '', sort: 'newest', priority: '' });
  });
});
