import type { HolderClaim } from '../shared/claim-fence.js';
import type { KbCategoryDefinition } from './definition.js';

/** One category at its latest version; `version` counts its create and updates from 1. */
export interface KbCategory {
  readonly id: string;
  readonly version: number;
  readonly definition: KbCategoryDefinition;
}

/**
 * The knowledge base's category tree (stream `kbcategory-default`), with the articles using each
 * category. One stream, so that a move never makes a cycle and a category is never deleted while
 * an article uses it, both checked atomically.
 */
export interface KbCategoryTree {
  readonly categories: Readonly<Record<string, KbCategory>>;
  /** The articles using each category (`UseKbCategory`), with their claims. */
  readonly users: Readonly<Record<string, Readonly<Record<string, HolderClaim>>>>;
  /** The last version of every category ever saved, deleted ones included: a re-created one goes on from there. */
  readonly lastVersions: Readonly<Record<string, number>>;
}

/** The tree before any event. */
export const EMPTY_KB_CATEGORY_TREE: KbCategoryTree = { categories: {}, users: {}, lastVersions: {} };
