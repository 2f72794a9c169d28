import { checkingContext, type Decider } from '../shared/decider.js';
import type { KbCategoryCommand } from './commands.js';
import { decideKbCategory } from './decide.js';
import type { KbCategoryEvent } from './events.js';
import { evolveKbCategoryTree } from './evolve.js';
import { EMPTY_KB_CATEGORY_TREE, type KbCategoryTree } from './state.js';

export * from './commands.js';
export { decideKbCategory } from './decide.js';
export * from './definition.js';
export * from './events.js';
export { evolveKbCategoryTree } from './evolve.js';
export * from './state.js';
export { kbCategoryAncestors, kbSubcategories, MAX_KB_CATEGORY_DEPTH } from './tree.js';

/** The id of the one knowledge-base category stream (`kbcategory-default`). */
export const KB_CATEGORY_TREE_ID = 'default';

/** The knowledge base's category tree and the articles using each category. */
export const kbCategoryDecider: Decider<KbCategoryCommand, KbCategoryEvent, KbCategoryTree> = checkingContext<
  KbCategoryCommand,
  KbCategoryEvent,
  KbCategoryTree
>({
  initialState: EMPTY_KB_CATEGORY_TREE,
  decide: decideKbCategory,
  evolve: evolveKbCategoryTree,
});
