import { z } from 'zod';
import { Id } from '../shared/actor.js';
import { ClaimedAtVersion } from '../shared/claim-fence.js';
import { defineCommand } from '../shared/messages.js';
import { KbCategoryDefinition } from './definition.js';

/** Adds a category, at the top of the tree or under `parentId`. */
export const CreateKbCategory = defineCommand('CreateKbCategory', { categoryId: Id, definition: KbCategoryDefinition });
/** Replaces a category's definition: renames it, moves it in the tree or among its siblings. */
export const UpdateKbCategory = defineCommand('UpdateKbCategory', { categoryId: Id, definition: KbCategoryDefinition });
/** Deletes a category that has no subcategories and no articles. */
export const DeleteKbCategory = defineCommand('DeleteKbCategory', { categoryId: Id });
/** Records that an article uses the category, for its command decided at article version `atVersion` (claimed before the article records it). */
export const UseKbCategory = defineCommand('UseKbCategory', {
  categoryId: Id,
  articleId: Id,
  atVersion: ClaimedAtVersion,
});
/** Records that an article no longer uses the category, the caller having read it at `articleVersion` without it. */
export const ReleaseKbCategory = defineCommand('ReleaseKbCategory', {
  categoryId: Id,
  articleId: Id,
  articleVersion: ClaimedAtVersion,
});

/** Every command of the knowledge-base category stream. */
export const KbCategoryCommand = z.discriminatedUnion('type', [
  CreateKbCategory,
  UpdateKbCategory,
  DeleteKbCategory,
  UseKbCategory,
  ReleaseKbCategory,
]);
/** A category command as callers write it (defaults may be left out). */
export type KbCategoryCommand = z.input<typeof KbCategoryCommand>;
