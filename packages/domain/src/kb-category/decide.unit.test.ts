import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { codeOf } from '../shared/shared.fixture.js';
import type { KbCategoryCommand } from './commands.js';
import { kbCategoryDecider, kbSubcategories, MAX_KB_CATEGORY_DEPTH } from './index.js';
import type { KbCategoryTree } from './state.js';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const SUPERVISOR: Actor = { id: 'supervisor-1', role: 'supervisor' };
const AGENT: Actor = { id: 'agent-1', role: 'agent' };

const save = (
  categoryId: string,
  parentId: string | null = null,
  sortOrder = 0,
  update = false,
): KbCategoryCommand => ({
  type: update ? 'UpdateKbCategory' : 'CreateKbCategory',
  data: { categoryId, definition: { names: { en: categoryId, fr: `${categoryId} (fr)` }, parentId, sortOrder } },
});
const move = (categoryId: string, parentId: string | null) => save(categoryId, parentId, 0, true);
const use = (categoryId: string, articleId: string, atVersion = 0): KbCategoryCommand => ({
  type: 'UseKbCategory',
  data: { categoryId, articleId, atVersion },
});
const release = (categoryId: string, articleId: string, articleVersion = 1): KbCategoryCommand => ({
  type: 'ReleaseKbCategory',
  data: { categoryId, articleId, articleVersion },
});
const remove = (categoryId: string): KbCategoryCommand => ({ type: 'DeleteKbCategory', data: { categoryId } });

function decide(tree: KbCategoryTree, command: KbCategoryCommand, actor: Actor = SUPERVISOR) {
  return kbCategoryDecider.decide(command, tree, { now: T0, actor });
}
function apply(commands: readonly KbCategoryCommand[], tree = kbCategoryDecider.initialState): KbCategoryTree {
  return commands.reduce((state, command) => fold(kbCategoryDecider, decide(state, command, SUPERVISOR), state), tree);
}

/** account > security > passwords, and billing at the top. */
const TREE = apply([
  save('account'),
  save('security', 'account'),
  save('passwords', 'security'),
  save('billing', null, 1),
]);

describe('the knowledge-base category tree', () => {
  it('saves a category with its names per locale, version 1, then 2 on a change; an unchanged save records nothing', () => {
    const [event] = decide(kbCategoryDecider.initialState, save('account'));
    expect(event).toMatchObject({
      type: 'KbCategorySaved',
      data: {
        categoryId: 'account',
        version: 1,
        definition: { names: { en: 'account' }, parentId: null, sortOrder: 0 },
      },
    });
    expect(decide(TREE, save('billing', null, 1, true))).toEqual([]);
    expect(decide(TREE, save('billing', null, 5, true))[0]?.data).toMatchObject({ version: 2 });
    // The same names listed in another order are the same definition.
    const reordered: KbCategoryCommand = {
      type: 'UpdateKbCategory',
      data: { categoryId: 'billing', definition: { names: { fr: 'billing (fr)', en: 'billing' }, sortOrder: 1 } },
    };
    expect(decide(TREE, reordered)).toEqual([]);
  });

  it('lists subcategories by sort order, then id', () => {
    const tree = apply([save('b', 'account', 2), save('a', 'account', 2), save('first', 'account', 0)], TREE);
    expect(kbSubcategories(tree, 'account').map((c) => c.id)).toEqual(['first', 'security', 'a', 'b']);
    expect(kbSubcategories(tree, null).map((c) => c.id)).toEqual(['account', 'billing']);
  });

  it.each([
    ['under itself', 'account', 'account'],
    ['under its child', 'account', 'security'],
    ['under its grandchild', 'account', 'passwords'],
  ])('refuses to move a category %s (CATEGORY_CYCLE)', (_what, categoryId, parentId) => {
    expect(codeOf(() => decide(TREE, move(categoryId, parentId)))).toBe('CATEGORY_CYCLE');
  });

  it('refuses an unknown parent (NOT_FOUND), a duplicate (ALREADY_EXISTS), an update of an unknown one (NOT_FOUND)', () => {
    expect(codeOf(() => decide(TREE, save('x', 'nowhere')))).toBe('NOT_FOUND');
    expect(codeOf(() => decide(TREE, save('account')))).toBe('ALREADY_EXISTS');
    expect(codeOf(() => decide(TREE, move('nowhere', null)))).toBe('NOT_FOUND');
  });

  it(`refuses a tree deeper than ${MAX_KB_CATEGORY_DEPTH}, counting the subtree that moves`, () => {
    const ids = Array.from({ length: MAX_KB_CATEGORY_DEPTH }, (_, n) => `level-${n + 1}`);
    const deep = apply(ids.map((id, n) => save(id, n === 0 ? null : (ids[n - 1] ?? null))));
    expect(codeOf(() => decide(deep, save('too-deep', ids.at(-1) ?? null)))).toBe('VALIDATION_FAILED');
    // account's subtree is 3 deep: under level-8 it would reach depth 11.
    const both = apply([save('account'), save('security', 'account'), save('passwords', 'security')], deep);
    expect(codeOf(() => decide(both, move('account', 'level-8')))).toBe('VALIDATION_FAILED');
    expect(decide(both, move('account', 'level-7'))).toHaveLength(1);
  });

  it('refuses names in no locale or a negative sort order (VALIDATION_FAILED)', () => {
    const noNames: KbCategoryCommand = {
      type: 'CreateKbCategory',
      data: { categoryId: 'x', definition: { names: {} } },
    };
    expect(codeOf(() => decide(TREE, noNames))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => decide(TREE, save('x', null, -1)))).toBe('VALIDATION_FAILED');
  });

  it('lets supervisors and admins edit the tree, not agents', () => {
    expect(codeOf(() => decide(TREE, save('x'), AGENT))).toBe('FORBIDDEN');
    expect(decide(TREE, save('x'), { id: 'admin-1', role: 'admin' })).toHaveLength(1);
  });
});

describe('deleting a category', () => {
  it('deletes a leaf nothing uses; re-creating it goes on from its last version', () => {
    const deleted = apply([remove('billing')], TREE);
    expect(deleted.categories.billing).toBeUndefined();
    expect(decide(deleted, save('billing'))[0]?.data).toMatchObject({ version: 3 });
  });

  it('refuses a category with subcategories or articles (CATEGORY_IN_USE) until they go', () => {
    expect(codeOf(() => decide(TREE, remove('security')))).toBe('CATEGORY_IN_USE');
    const used = apply([use('billing', 'article-1')], TREE);
    expect(codeOf(() => decide(used, remove('billing')))).toBe('CATEGORY_IN_USE');
    const released = apply([release('billing', 'article-1')], used);
    expect(decide(released, remove('billing'))).toHaveLength(1);
  });

  it('refuses an unknown category (NOT_FOUND)', () => {
    expect(codeOf(() => decide(TREE, remove('nowhere')))).toBe('NOT_FOUND');
  });
});

describe('articles using a category', () => {
  it('records a use once, refuses an unknown category, and ignores a release not held', () => {
    const used = decide(TREE, use('billing', 'article-1'), AGENT);
    expect(used).toEqual([
      expect.objectContaining({ type: 'KbCategoryUsed', data: expect.objectContaining({ articleId: 'article-1' }) }),
    ]);
    const tree = fold(kbCategoryDecider, used, TREE);
    expect(decide(tree, use('billing', 'article-1'), AGENT)).toEqual([]);
    expect(codeOf(() => decide(TREE, use('nowhere', 'article-1'), AGENT))).toBe('NOT_FOUND');
    expect(decide(TREE, release('billing', 'article-1'), AGENT)).toEqual([]);
    expect(codeOf(() => decide(TREE, use('billing', 'article-1'), { id: 'c', role: 'customer' }))).toBe('FORBIDDEN');
  });

  it('records a use again for a newer article version, and keeps it while a command at that version may append', () => {
    const tree = fold(kbCategoryDecider, decide(TREE, use('billing', 'article-1', 3), AGENT), TREE);
    expect(decide(tree, use('billing', 'article-1', 2), AGENT)).toEqual([]);
    expect(decide(tree, use('billing', 'article-1', 4), AGENT)).toHaveLength(1);
    // The article still at version 3: the command that claimed may not have appended yet.
    expect(decide(tree, release('billing', 'article-1', 3), AGENT)).toEqual([]);
    expect(decide(tree, release('billing', 'article-1', 4), AGENT)).toHaveLength(1);
  });
});
