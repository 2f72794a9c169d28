import { z } from 'zod';
import { Id } from '../shared/actor.js';
import { StorableText } from '../shared/text.js';
import { LanguageTag } from '../shared/values.js';

/** A category's name in one locale: 1 to 200 characters once trimmed. */
export const KbCategoryName = StorableText.pipe(z.string().trim().min(1).max(200));

/**
 * A knowledge-base category as supervisors write it: its name in each locale the knowledge base
 * serves (one tree for every language, so a translated article keeps its category), its parent
 * (null: a top-level category) and its place among its siblings (lower first).
 */
export const KbCategoryDefinition = z
  .object({
    names: z
      .record(LanguageTag, KbCategoryName)
      .refine((names) => Object.keys(names).length >= 1, 'name the category in at least one locale')
      .refine((names) => Object.keys(names).length <= 50, 'at most 50 locales'),
    parentId: Id.nullable().default(null),
    sortOrder: z.int().min(0).max(1_000_000).default(0),
  })
  .strict();
export type KbCategoryDefinition = z.infer<typeof KbCategoryDefinition>;
