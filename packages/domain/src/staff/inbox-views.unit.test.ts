import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { DomainError } from '../shared/errors.js';
import { codeOf } from '../shared/shared.fixture.js';
import { deciderSpec } from '../testing/decider-spec.js';
import {
  type InboxViewFilter,
  type InboxViewOrder,
  MAX_INBOX_VIEW_NAME,
  MAX_INBOX_VIEWS,
  sameViewName,
} from './inbox-views.js';
import { type StaffCommand, type StaffEvent, staffDecider } from './index.js';

const now = new Date('2026-03-02T10:00:00.000Z');
const ada: Actor = { id: 'ag-ada', role: 'agent' };
const lead: Actor = { id: 'sup-1', role: 'supervisor' };

function when(history: readonly StaffEvent[], command: StaffCommand, actor: Actor = ada) {
  return deciderSpec(staffDecider).given(history).when(command, { now, actor }).events();
}
const views = (history: readonly StaffEvent[]) => fold(staffDecider, history).inboxViews;

const urgent: InboxViewFilter = { status: ['new', 'in_progress'], priority: ['urgent'] };
const save = (
  viewId: string,
  name: string,
  filter: InboxViewFilter = urgent,
  order?: InboxViewOrder,
): StaffCommand => ({
  type: 'SaveInboxView',
  data: { staffId: 'ag-ada', viewId, name, filter, ...(order && { order }) },
});
const rename = (viewId: string, name: string): StaffCommand => ({
  type: 'RenameInboxView',
  data: { staffId: 'ag-ada', viewId, name },
});
const reorder = (viewIds: string[]): StaffCommand => ({
  type: 'ReorderInboxViews',
  data: { staffId: 'ag-ada', viewIds },
});
const remove = (viewId: string): StaffCommand => ({ type: 'DeleteInboxView', data: { staffId: 'ag-ada', viewId } });

/** Runs commands in turn, keeping the events of those accepted (as the stream would). */
function run(commands: readonly StaffCommand[], actor: Actor = ada): StaffEvent[] {
  const history: StaffEvent[] = [];
  for (const command of commands) {
    try {
      history.push(...when(history, command, actor));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return history;
}

describe('saved inbox views', () => {
  it('saves a view with its name trimmed and the newest-first order by default, placed last', () => {
    const history = run([save('v1', '  Urgent  '), save('v2', 'Billing', { category: 'billing' })]);
    expect(history[0]).toEqual({
      type: 'InboxViewSaved',
      data: {
        staffId: 'ag-ada',
        viewId: 'v1',
        name: 'Urgent',
        filter: urgent,
        order: 'newest',
        shared: false,
        at: now.toISOString(),
        actor: ada,
      },
    });
    expect(views(history).map((view) => view.name)).toEqual(['Urgent', 'Billing']);
  });

  it('replaces a held view in its place; saving it as it is yields nothing', () => {
    const history = run([save('v1', 'Urgent'), save('v2', 'Billing')]);
    expect(when(history, save('v1', 'Urgent'))).toEqual([]);
    const replaced = when(history, save('v1', 'Urgent high', urgent, 'priority'));
    expect(views([...history, ...replaced])[0]).toMatchObject({ viewId: 'v1', name: 'Urgent high', order: 'priority' });
  });

  it('refuses a name taken by another view, whatever its case, and a blank or long name', () => {
    const history = run([save('v1', 'Urgent')]);
    expect(codeOf(() => when(history, save('v2', ' URGENT ')))).toBe('INBOX_VIEW_NAME_TAKEN');
    expect(when(history, rename('v1', 'urgent'))).toHaveLength(1);
    expect(codeOf(() => when(history, save('v2', '   ')))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => when(history, save('v2', 'x'.repeat(MAX_INBOX_VIEW_NAME + 1))))).toBe('VALIDATION_FAILED');
    expect(when(history, save('v2', 'x'.repeat(MAX_INBOX_VIEW_NAME)))).toHaveLength(1);
  });

  it(`holds at most ${MAX_INBOX_VIEWS} views; saving over one held still works at the limit`, () => {
    const full = run(Array.from({ length: MAX_INBOX_VIEWS }, (_, i) => save(`v${i}`, `View ${i}`)));
    expect(views(full)).toHaveLength(MAX_INBOX_VIEWS);
    expect(codeOf(() => when(full, save('one-more', 'One more')))).toBe('INBOX_VIEW_LIMIT_REACHED');
    expect(when(full, save('v0', 'View zero'))).toHaveLength(1);
  });

  it('validates the filter: unknown fields, statuses and orders are refused', () => {
    const bad = (filter: unknown) => save('v1', 'Bad', filter as InboxViewFilter);
    expect(codeOf(() => when([], bad({ status: ['pending'] })))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => when([], bad({ assignee: 'me' })))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => when([], bad({ search: 'x'.repeat(501) })))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => when([], save('v1', 'Bad', {}, 'oldest' as InboxViewOrder)))).toBe('VALIDATION_FAILED');
  });

  it('renames, reorders and deletes; an unknown view is NOT_FOUND to rename and nothing to delete', () => {
    const history = run([save('v1', 'A'), save('v2', 'B'), save('v3', 'C')]);
    expect(codeOf(() => when(history, rename('nope', 'D')))).toBe('NOT_FOUND');
    expect(when(history, rename('v1', 'A'))).toEqual([]);
    const moved = when(history, reorder(['v3', 'v1', 'v2']));
    expect(views([...history, ...moved]).map((view) => view.viewId)).toEqual(['v3', 'v1', 'v2']);
    expect(when(history, reorder(['v1', 'v2', 'v3']))).toEqual([]);
    expect(codeOf(() => when(history, reorder(['v1', 'v2'])))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => when(history, reorder(['v1', 'v1', 'v2', 'v3'])))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => when(history, reorder(['v1', 'v2', 'v4'])))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => when(history, remove('nope')))).toBe('NOT_FOUND');
    const deleted = when(history, remove('v2'));
    expect(views([...history, ...deleted]).map((view) => view.viewId)).toEqual(['v1', 'v3']);
  });

  it("are their owner's alone: a lead, another agent or an auditor is FORBIDDEN; the system may seed them", () => {
    const held = run([save('v1', 'A')]);
    for (const actor of [lead, { id: 'ag-bob', role: 'agent' } as Actor, { id: 'ag-ada', role: 'auditor' } as Actor]) {
      expect(codeOf(() => when([], save('v1', 'A'), actor))).toBe('FORBIDDEN');
      expect(codeOf(() => when(held, rename('v1', 'B'), actor))).toBe('FORBIDDEN');
      expect(codeOf(() => when(held, remove('v1'), actor))).toBe('FORBIDDEN');
    }
    expect(when([], save('v1', 'A'), { id: 'demo', role: 'system' })).toHaveLength(1);
  });

  it('shares a view with the team when a supervisor or an admin saves it so; an agent is refused and nothing is written', () => {
    const sue = (command: StaffCommand): StaffCommand =>
      ({ ...command, data: { ...command.data, staffId: 'sup-1' } }) as StaffCommand;
    const shared = (viewId: string, name: string) =>
      sue({ ...save(viewId, name), data: { ...save(viewId, name).data, shared: true } } as StaffCommand);
    const history = run([shared('t1', 'Urgent for everyone')], lead);
    expect(history).toHaveLength(1);
    expect(views(history)[0]).toMatchObject({ viewId: 't1', name: 'Urgent for everyone', shared: true });
    // Saved again as it is: nothing; saved without `shared`: the lead's own again.
    expect(when(history, shared('t1', 'Urgent for everyone'), lead)).toEqual([]);
    const unshared = when(history, sue(save('t1', 'Urgent for everyone')), lead);
    expect(views([...history, ...unshared])[0]?.shared).toBe(false);
    const admin: Actor = { id: 'sup-1', role: 'admin' };
    expect(when([], shared('t2', 'Billing'), admin)).toHaveLength(1);
    // An agent's views stay their own: sharing is refused with its own code.
    const asAda = { ...save('v1', 'Mine for all'), data: { ...save('v1', 'Mine for all').data, shared: true } };
    expect(codeOf(() => when([], asAda as StaffCommand))).toBe('INBOX_VIEW_SHARING_FORBIDDEN');
    expect(views(run([asAda as StaffCommand]))).toEqual([]);
  });

  it("lets another lead stop sharing a colleague's view, which stays the colleague's; an agent is refused", () => {
    const sueShares: StaffCommand = {
      type: 'SaveInboxView',
      data: { staffId: 'sup-1', viewId: 't1', name: 'Urgent for everyone', filter: urgent, shared: true },
    };
    const history = run([sueShares], lead);
    const stop: StaffCommand = { type: 'StopSharingInboxView', data: { staffId: 'sup-1', viewId: 't1' } };
    const admin: Actor = { id: 'admin-2', role: 'admin' };
    const stopped = when(history, stop, admin);
    expect(views([...history, ...stopped])).toEqual([
      { viewId: 't1', name: 'Urgent for everyone', filter: urgent, order: 'newest', shared: false },
    ]);
    // Not shared any more: nothing more to stop; the owner may stop sharing too.
    expect(when([...history, ...stopped], stop, admin)).toEqual([]);
    expect(when(history, stop, lead)).toHaveLength(1);
    // An agent takes down nobody's view, nor an auditor.
    expect(codeOf(() => when(history, stop, ada))).toBe('INBOX_VIEW_SHARING_FORBIDDEN');
    expect(codeOf(() => when(history, stop, { id: 'aud-1', role: 'auditor' }))).toBe('INBOX_VIEW_SHARING_FORBIDDEN');
    expect(codeOf(() => when(history, { ...stop, data: { staffId: 'sup-1', viewId: 'none' } }, admin))).toBe(
      'NOT_FOUND',
    );
  });

  it('reads a view saved before views could be shared as not shared', () => {
    const before: StaffEvent = {
      type: 'InboxViewSaved',
      data: {
        staffId: 'ag-ada',
        viewId: 'old',
        name: 'Old',
        filter: urgent,
        order: 'newest',
        at: now.toISOString(),
        actor: ada,
      },
    } as StaffEvent;
    expect(views([before])[0]?.shared).toBe(false);
  });

  it('keeps its rules whatever commands come, in any order (property)', () => {
    const ids = fc.constantFrom('v1', 'v2', 'v3', 'v4');
    const names = fc.constantFrom('Urgent', 'urgent', ' URGENT', 'Billing', 'billing ', 'Mine', '', 'x'.repeat(61));
    const command = fc.oneof(
      fc.tuple(ids, names).map(([id, name]) => save(id, name)),
      fc.tuple(ids, names).map(([id, name]) => rename(id, name)),
      fc.shuffledSubarray(['v1', 'v2', 'v3', 'v4']).map(reorder),
      ids.map(remove),
      ids.map((viewId): StaffCommand => ({ type: 'StopSharingInboxView', data: { staffId: 'ag-ada', viewId } })),
    );
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), (commands) => {
        const held = views(run(commands));
        expect(held.length).toBeLessThanOrEqual(MAX_INBOX_VIEWS);
        expect(new Set(held.map((view) => view.viewId)).size).toBe(held.length);
        // An agent's views are never shared, whatever she sends.
        expect(held.filter((view) => view.shared)).toEqual([]);
        for (const [i, view] of held.entries()) {
          expect(view.name).toBe(view.name.trim());
          expect(view.name.length).toBeGreaterThan(0);
          expect(view.name.length).toBeLessThanOrEqual(MAX_INBOX_VIEW_NAME);
          expect(held.slice(i + 1).some((other) => sameViewName(other.name, view.name))).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
