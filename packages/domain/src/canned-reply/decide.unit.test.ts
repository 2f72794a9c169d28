import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { isDomainError } from '../shared/errors.js';
import { deciderSpec } from '../testing/decider-spec.js';
import type { CannedReplyCommand } from './commands.js';
import type { CannedReplyEvent } from './events.js';
import { cannedRepliesDecider } from './index.js';
import { STANDARD_CANNED_REPLIES } from './standard.js';
import { usableCannedReplies } from './state.js';
import { replyFromCannedReply } from './use.js';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const ADMIN: Actor = { id: 'ada', role: 'admin' };
const SUE: Actor = { id: 'sue', role: 'supervisor' };
const AL: Actor = { id: 'al', role: 'agent' };
const BO: Actor = { id: 'bo', role: 'agent' };
const CUSTOMER: Actor = { id: 'carl', role: 'customer' };

function decide(history: readonly CannedReplyEvent[], command: CannedReplyCommand, actor: Actor) {
  return deciderSpec(cannedRepliesDecider).given(history).when(command, { now: T0, actor }).events();
}
function code(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return isDomainError(error) ? error.code : String(error);
  }
  return 'none';
}
const save = (cannedReplyId: string, definition: Record<string, unknown>): CannedReplyCommand => ({
  type: 'SaveCannedReply',
  data: {
    cannedReplyId,
    definition: { name: 'Hi', locale: 'en', body: 'Hello {{customer.firstName}}', ...definition } as never,
  },
});

describe('the canned-reply library', () => {
  it('loads the four standard replies in French and English once, shared', () => {
    const loaded = decide([], { type: 'LoadStandardCannedReplies', data: {} }, ADMIN);
    expect(loaded).toHaveLength(8);
    expect(Object.keys(STANDARD_CANNED_REPLIES)).toHaveLength(8);
    const library = fold(cannedRepliesDecider, loaded);
    expect(new Set(Object.values(library.replies).map((r) => r.definition.locale))).toEqual(new Set(['en', 'fr']));
    expect(library.replies['standard-information-fr']?.definition.nextStatus).toBe('waiting_customer');
    expect(library.replies['standard-solution-en']?.definition.nextStatus).toBe('resolved');
    // Closing without response closes for lack of response, as the automation's close does.
    expect(library.replies['standard-closing-fr']?.definition).toMatchObject({
      nextStatus: 'closed',
      closeReason: 'no_customer_response',
    });
    expect(library.replies['standard-initial-en']?.definition.closeReason).toBeNull();
    const ticket = { ticketId: 't-9', subject: 'Sync fails' } as Parameters<typeof replyFromCannedReply>[3];
    const people = { customer: { name: 'Zoé Roux', email: null }, replierName: 'Ada Byron' };
    expect(replyFromCannedReply(library, 'standard-closing-en', 'al', ticket, people).data).toMatchObject({
      nextStatus: 'closed',
      closeReason: 'no_customer_response',
    });
    expect(replyFromCannedReply(library, 'standard-solution-en', 'al', ticket, people).data).not.toHaveProperty(
      'closeReason',
    );
    // A close reason goes with a close only.
    expect(
      code(() => decide([], save('r', { nextStatus: 'resolved', closeReason: 'no_customer_response' }), SUE)),
    ).toBe('VALIDATION_FAILED');
    expect(decide(loaded, { type: 'LoadStandardCannedReplies', data: {} }, ADMIN)).toEqual([]);
    expect(code(() => decide([], { type: 'LoadStandardCannedReplies', data: {} }, AL))).toBe('FORBIDDEN');
    const french = decide([], { type: 'LoadStandardCannedReplies', data: { locales: ['fr'] } }, SUE);
    expect(french.map((e) => e.type === 'CannedReplySaved' && e.data.definition.locale)).toEqual(Array(4).fill('fr'));
    // A locale is a language tag in any case, read by its primary subtag.
    const anyCase = decide([], { type: 'LoadStandardCannedReplies', data: { locales: ['FR', 'fr-CA'] } }, SUE);
    expect(anyCase).toEqual(french);
    expect(code(() => decide([], { type: 'LoadStandardCannedReplies', data: { locales: ['de'] } }, SUE))).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('lets leads keep shared replies and anyone on staff their personal ones, which nobody else sees', () => {
    const shared = decide([], save('greet', {}), SUE);
    expect(shared[0]).toMatchObject({ data: { cannedReplyId: 'greet', version: 1, ownerId: null } });
    expect(code(() => decide([], save('greet', {}), AL))).toBe('FORBIDDEN');
    const mine = decide(shared, save('mine', { scope: 'personal' }), AL);
    expect(mine[0]).toMatchObject({ data: { ownerId: 'al' } });
    const history = [...shared, ...mine];
    // Saving under another's personal reply's id: the id is taken; its reply stays unseen.
    expect(code(() => decide(history, save('mine', { scope: 'personal', body: 'x' }), BO))).toBe('ALREADY_EXISTS');
    expect(code(() => decide(history, save('mine', {}), SUE))).toBe('ALREADY_EXISTS');
    expect(code(() => decide(history, { type: 'DeleteCannedReply', data: { cannedReplyId: 'mine' } }, BO))).toBe(
      'NOT_FOUND',
    );
    expect(code(() => decide(history, { type: 'DeleteCannedReply', data: { cannedReplyId: 'greet' } }, AL))).toBe(
      'FORBIDDEN',
    );
    const library = fold(cannedRepliesDecider, history);
    expect(usableCannedReplies(library, 'al').map((r) => r.cannedReplyId)).toEqual(['greet', 'mine']);
    expect(usableCannedReplies(library, 'bo').map((r) => r.cannedReplyId)).toEqual(['greet']);
    expect(code(() => decide([], save('x', {}), CUSTOMER))).toBe('FORBIDDEN');
  });

  it("keeps a saved reply's scope: a lead cannot take the team's reply for themself, nor an owner publish theirs", () => {
    const loaded = decide([], { type: 'LoadStandardCannedReplies', data: {} }, ADMIN);
    const standard = STANDARD_CANNED_REPLIES['standard-solution-en']!;
    expect(code(() => decide(loaded, save('standard-solution-en', { ...standard, scope: 'personal' }), SUE))).toBe(
      'VALIDATION_FAILED',
    );
    const mine = decide([], save('mine', { scope: 'personal' }), SUE);
    expect(code(() => decide(mine, save('mine', { scope: 'shared' }), SUE))).toBe('VALIDATION_FAILED');
    // A copy under another id is how either is done.
    expect(decide(loaded, save('sue-solution', { ...standard, scope: 'personal' }), SUE)).toHaveLength(1);
  });

  it('versions edits, writes nothing for an unchanged save, and refuses unknown placeholders', () => {
    const v1 = decide([], save('greet', {}), SUE);
    expect(decide(v1, save('greet', {}), SUE)).toEqual([]);
    const v2 = decide(v1, save('greet', { body: 'Hi {{customer.name}}', nextStatus: 'waiting_customer' }), ADMIN);
    expect(v2[0]).toMatchObject({ data: { version: 2, definition: { nextStatus: 'waiting_customer' } } });
    expect(code(() => decide(v1, save('greet', { body: 'Hi {{customer.shoeSize}}' }), SUE))).toBe(
      'UNKNOWN_PLACEHOLDER',
    );
    expect(code(() => decide(v1, save('greet', { nextStatus: 'new' }), SUE))).toBe('VALIDATION_FAILED');
    // A misspelt field is refused, not dropped (the reply would silently set no status).
    expect(code(() => decide(v1, save('greet', { nextStatuss: 'resolved' }), SUE))).toBe('VALIDATION_FAILED');
    const deleted = decide([...v1, ...v2], { type: 'DeleteCannedReply', data: { cannedReplyId: 'greet' } }, SUE);
    // Saved again after a delete, it keeps counting versions.
    expect(decide([...v1, ...v2, ...deleted], save('greet', {}), SUE)[0]).toMatchObject({ data: { version: 3 } });
  });
});
