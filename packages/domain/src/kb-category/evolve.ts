import type { KbCategoryEvent } from './events.js';
import type { KbCategoryTree } from './state.js';

/** Applies one category event. */
export function evolveKbCategoryTree(tree: KbCategoryTree, event: KbCategoryEvent): KbCategoryTree {
  switch (event.type) {
    case 'KbCategorySaved': {
      const { categoryId, version, definition } = event.data;
      return {
        ...tree,
        categories: { ...tree.categories, [categoryId]: { id: categoryId, version, definition } },
        lastVersions: { ...tree.lastVersions, [categoryId]: version },
      };
    }
    case 'KbCategoryDeleted': {
      const { [event.data.categoryId]: _deleted, ...categories } = tree.categories;
      return {
        ...tree,
        categories,
        lastVersions: { ...tree.lastVersions, [event.data.categoryId]: event.data.version },
      };
    }
    case 'KbCategoryUsed': {
      const { categoryId, articleId, atVersion, at } = event.data;
      const users = { ...tree.users[categoryId], [articleId]: { atVersion, claimedAt: at } };
      return { ...tree, users: { ...tree.users, [categoryId]: users } };
    }
    case 'KbCategoryReleased': {
      const { categoryId, articleId } = event.data;
      const { [articleId]: _released, ...users } = tree.users[categoryId] ?? {};
      return { ...tree, users: { ...tree.users, [categoryId]: users } };
    }
  }
}
