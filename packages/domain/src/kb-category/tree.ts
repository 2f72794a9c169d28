import { DomainError, invalidField } from '../shared/errors.js';
import type { KbCategory, KbCategoryTree } from './state.js';

/** The deepest a category may sit (a top-level category is at depth 1). */
export const MAX_KB_CATEGORY_DEPTH = 10;

/** The category's ancestors, nearest first. */
export function kbCategoryAncestors(tree: KbCategoryTree, categoryId: string): KbCategory[] {
  const chain: KbCategory[] = [];
  let parentId = tree.categories[categoryId]?.definition.parentId ?? null;
  while (parentId !== null && chain.length < MAX_KB_CATEGORY_DEPTH) {
    const parent = tree.categories[parentId];
    if (parent === undefined || chain.includes(parent)) break;
    chain.push(parent);
    parentId = parent.definition.parentId;
  }
  return chain;
}

/** The category's subcategories, in their sort order (then by id, so the order is total). */
export function kbSubcategories(tree: KbCategoryTree, parentId: string | null): KbCategory[] {
  return Object.values(tree.categories)
    .filter((category) => category.definition.parentId === parentId)
    .sort((a, b) => a.definition.sortOrder - b.definition.sortOrder || a.id.localeCompare(b.id));
}

/**
 * Refuses to put `categoryId` under `parentId` when the parent does not exist (`NOT_FOUND`), is
 * the category itself or one of its descendants (`CATEGORY_CYCLE`), or the move puts its subtree
 * deeper than {@link MAX_KB_CATEGORY_DEPTH} (`VALIDATION_FAILED`).
 */
export function requireKbTreePlace(tree: KbCategoryTree, categoryId: string, parentId: string | null): void {
  if (parentId === null) return;
  if (tree.categories[parentId] === undefined)
    throw new DomainError('NOT_FOUND', `Category ${categoryId}: parent ${parentId} does not exist`, {
      categoryId,
      parentId,
    });
  const ancestors = kbCategoryAncestors(tree, parentId).map((category) => category.id);
  if (parentId === categoryId || ancestors.includes(categoryId))
    throw new DomainError('CATEGORY_CYCLE', `Category ${categoryId} cannot sit under ${parentId}: that makes a cycle`, {
      categoryId,
      parentId,
      path: [categoryId, parentId, ...ancestors],
    });
  // The parent's own depth plus the height of the subtree that moves with the category.
  if (ancestors.length + 1 + subtreeHeight(tree, categoryId) > MAX_KB_CATEGORY_DEPTH)
    throw invalidField(
      'definition.parentId',
      `Category ${categoryId}: the tree may be at most ${MAX_KB_CATEGORY_DEPTH} deep`,
      {
        categoryId,
        parentId,
      },
    );
}

function subtreeHeight(tree: KbCategoryTree, categoryId: string): number {
  return 1 + Math.max(0, ...kbSubcategories(tree, categoryId).map((child) => subtreeHeight(tree, child.id)));
}

/** Refuses to delete a category with subcategories or articles (`CATEGORY_IN_USE`). */
export function requireUnused(tree: KbCategoryTree, categoryId: string): void {
  const subcategories = kbSubcategories(tree, categoryId).map((category) => category.id);
  const articles = Object.keys(tree.users[categoryId] ?? {});
  if (subcategories.length === 0 && articles.length === 0) return;
  throw new DomainError('CATEGORY_IN_USE', `Category ${categoryId} still has subcategories or articles`, {
    categoryId,
    subcategories,
    articles,
  });
}
