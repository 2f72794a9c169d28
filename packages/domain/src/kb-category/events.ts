import { z } from 'zod';
import { Id } from '../shared/actor.js';
import { ClaimedAtVersion } from '../shared/claim-fence.js';
import { defineEvent } from '../shared/messages.js';
import { KbCategoryDefinition } from './definition.js';

const Version = z.int().positive();

/** A category was created (version 1) or changed; carries its whole definition as it now is. */
export const KbCategorySaved = defineEvent('KbCategorySaved', {
  categoryId: Id,
  version: Version,
  definition: KbCategoryDefinition,
});

/** A category without subcategories or articles was deleted. */
export const KbCategoryDeleted = defineEvent('KbCategoryDeleted', { categoryId: Id, version: Version });

/** An article uses the category (for its command decided at `atVersion`): it cannot be deleted until every such article lets go. */
export const KbCategoryUsed = defineEvent('KbCategoryUsed', {
  categoryId: Id,
  articleId: Id,
  atVersion: ClaimedAtVersion,
});

/** An article no longer uses the category. */
export const KbCategoryReleased = defineEvent('KbCategoryReleased', { categoryId: Id, articleId: Id });

/** Every event of the knowledge-base category stream. */
export const KbCategoryEvent = z.discriminatedUnion('type', [
  KbCategorySaved,
  KbCategoryDeleted,
  KbCategoryUsed,
  KbCategoryReleased,
]);
export type KbCategoryEvent = z.infer<typeof KbCategoryEvent>;

/** The category stream's event types, for the event schema registry. */
export const KB_CATEGORY_EVENT_TYPES = KbCategoryEvent.options.map((option) => option.shape.type.value);
