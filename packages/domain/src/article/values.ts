import { z } from 'zod';
import { Sha256 } from '../attachment/values.js';
import { Id } from '../shared/actor.js';
import { foldLabel, StorableText } from '../shared/text.js';
import { LanguageTag } from '../shared/values.js';

/** The language an article is written in (`en`, `fr`, `pt-BR`); each translation is its own article. */
export const ArticleLocale = LanguageTag;

/**
 * A slug as callers send it. Its shape (lower-case words joined by single hyphens) is checked by
 * the decider, so a malformed one is refused with its own code, `ARTICLE_SLUG_INVALID`.
 */
export const SlugInput = z.string().trim().min(1).max(200);

/** An article's title. */
export const ArticleTitle = StorableText.pipe(z.string().trim().min(1).max(300));
/** An article's body, in Markdown (rendered and sanitized by the read side). */
export const ArticleBody = StorableText.pipe(z.string().max(200_000));
/** A short summary shown in search results and lists. */
export const ArticleExcerpt = StorableText.pipe(z.string().trim().max(1_000));
/**
 * A tag, stored folded like a ticket's (`foldLabel`: `ＳＳＯ` and `sso` are one tag), inner
 * whitespace collapsed to one space. Unlike a ticket's, it may hold spaces and any punctuation:
 * help-center labels are read by customers ("two factor", "c++").
 */
export const ArticleTag = StorableText.transform((tag) => foldLabel(tag).replace(/\s+/g, ' ')).pipe(
  z.string().min(1).max(50),
);

/**
 * A file attached to an article, by reference: the attachment store keeps the bytes under
 * `attachmentId`; the article records what a reader needs to list and fetch it, and the content's
 * SHA-256, so the hash chain covers the file (versions recorded before digests were kept lack it).
 */
export const AttachmentRef = z
  .object({
    attachmentId: Id,
    fileName: StorableText.pipe(z.string().trim().min(1).max(255)),
    contentType: z
      .string()
      .trim()
      .max(255)
      .regex(/^[\w.+-]+\/[\w.+-]+$/, 'expected a media type such as "image/png"'),
    sizeBytes: z.int().nonnegative(),
    sha256: Sha256.optional(),
  })
  .strict();
export type AttachmentRef = z.infer<typeof AttachmentRef>;

/** Duplicates dropped, first occurrence kept: a list that repeats itself says nothing more. */
function unique<T>(items: readonly T[], key: (item: T) => string = String): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const Tags = z
  .array(ArticleTag)
  .max(30)
  .transform((tags) => unique(tags));
const Related = z
  .array(Id)
  .max(30)
  .transform((ids) => unique(ids));
const Attachments = z
  .array(AttachmentRef)
  .max(50)
  .transform((files) => unique(files, (file) => file.attachmentId));

/** The fields of an article's content, each as a caller may send it. */
const contentFields = {
  title: ArticleTitle,
  slug: SlugInput,
  body: ArticleBody,
  excerpt: ArticleExcerpt,
  /** A knowledge-base category (`kbcategory` tree), or none. */
  categoryId: Id.nullable(),
  tags: Tags,
  /** Other articles a reader may want next. */
  related: Related,
  attachments: Attachments,
};

/** What an article says: every field a version publishes (all but title and slug may be left out). */
export const ArticleContent = z
  .object({
    ...contentFields,
    body: ArticleBody.default(''),
    excerpt: ArticleExcerpt.default(''),
    categoryId: Id.nullable().default(null),
    tags: Tags.default([]),
    related: Related.default([]),
    attachments: Attachments.default([]),
  })
  .strict();
/** An article's content with every default applied (what events record). */
export type ArticleContent = z.infer<typeof ArticleContent>;
/** An article's content as callers write it. */
export type ArticleContentInput = z.input<typeof ArticleContent>;

/** A change to a draft: the fields to replace, the rest kept. */
export const ArticleChanges = z
  .object(contentFields)
  .partial()
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, 'name at least one field to change');
export type ArticleChanges = z.infer<typeof ArticleChanges>;

/** A reader's comment on a vote. */
export const VoteComment = StorableText.pipe(z.string().trim().max(2_000));
