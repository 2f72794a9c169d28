// Test support (not a test: `*.fixture.ts` is neither run nor built): knowledge-base events as the
// deciders record them, and a way to write them through the articles projection, so tests and
// benchmarks seed the read models the way the engine does.
import type { Actor } from '@support-engine/domain';
import type { ArticleEventOf, ArticleViewed } from '@support-engine/domain/article';
import type { Kysely } from 'kysely';
import type { ProjectedEvent } from '../../events.js';
import type { ReadModelTables } from '../../schema.js';
import { createArticlesProjection } from './projection.js';
import type { KbEvent } from './row.js';

/** An article's text as a test writes it; what is left out takes the domain's defaults. */
export interface ArticleSeed {
  readonly articleId: string;
  readonly locale?: string;
  readonly slug?: string;
  readonly title: string;
  readonly excerpt?: string;
  readonly bodyMarkdown?: string;
  readonly categoryId?: string | null;
  readonly tags?: readonly string[];
}

const WRITER: Actor = { id: 'writer-1', role: 'agent' };
const EDITOR: Actor = { id: 'editor-1', role: 'supervisor' };
const SEEDED_AT = '2026-02-02T09:00:00.000Z';

const contentOf = (seed: ArticleSeed) => ({
  title: seed.title,
  slug: seed.slug ?? seed.articleId,
  body: seed.bodyMarkdown ?? '',
  excerpt: seed.excerpt ?? '',
  categoryId: seed.categoryId ?? null,
  tags: [...(seed.tags ?? [])],
  related: [],
  attachments: [],
});

/** A new article's first draft. */
export const created = (seed: ArticleSeed, at = SEEDED_AT): ArticleEventOf<'ArticleDraftCreated'> => ({
  type: 'ArticleDraftCreated',
  data: { articleId: seed.articleId, locale: seed.locale ?? 'en', content: contentOf(seed), at, actor: WRITER },
});

/** A revision of a published article begins with `seed` as its text. */
export const revised = (
  seed: ArticleSeed,
  fromVersion = 1,
  at = SEEDED_AT,
): ArticleEventOf<'ArticleRevisionStarted'> => ({
  type: 'ArticleRevisionStarted',
  data: { articleId: seed.articleId, fromVersion, content: contentOf(seed), at, actor: WRITER },
});

/** The draft handed to a reviewer. */
export const submitted = (seed: ArticleSeed, at = SEEDED_AT): ArticleEventOf<'ArticleSubmittedForReview'> => ({
  type: 'ArticleSubmittedForReview',
  data: {
    articleId: seed.articleId,
    locale: seed.locale ?? 'en',
    content: contentOf(seed),
    authors: [WRITER.id],
    at,
    actor: WRITER,
  },
});

/** The revision in review goes back to draft. */
export const changesRequested = (articleId: string, at = SEEDED_AT): ArticleEventOf<'ArticleChangesRequested'> => ({
  type: 'ArticleChangesRequested',
  data: { articleId, at, actor: EDITOR, reason: 'Needs work' },
});

/** `seed` approved and live as `version`. */
export const approved = (seed: ArticleSeed, version = 1, at = SEEDED_AT): ArticleEventOf<'ArticleApproved'> => ({
  type: 'ArticleApproved',
  data: {
    articleId: seed.articleId,
    version,
    previousVersion: version > 1 ? version - 1 : null,
    locale: seed.locale ?? 'en',
    content: contentOf(seed),
    authors: [WRITER.id],
    reviewerId: EDITOR.id,
    at,
    actor: EDITOR,
  },
});

/** A new article, published at once as version 1. */
export const published = (seed: ArticleSeed, at = SEEDED_AT): KbEvent[] => [created(seed, at), approved(seed, 1, at)];

export const archived = (articleId: string, at = SEEDED_AT): ArticleEventOf<'ArticleArchived'> => ({
  type: 'ArticleArchived',
  data: { articleId, liveVersion: null, at, actor: EDITOR },
});

export const restored = (articleId: string, at = SEEDED_AT): ArticleEventOf<'ArticleRestored'> => ({
  type: 'ArticleRestored',
  data: { articleId, liveVersion: null, at, actor: EDITOR },
});

/** `translationId` translates `articleId` (into `locale`). */
export const linked = (
  articleId: string,
  translationId: string,
  locale: string,
): ArticleEventOf<'ArticleTranslationLinked'> => ({
  type: 'ArticleTranslationLinked',
  data: { articleId, translationId, locale, at: SEEDED_AT, actor: EDITOR },
});

/** `translationId` no longer translates `articleId` (it was linked into `locale`). */
export const unlinked = (
  articleId: string,
  translationId: string,
  locale: string,
): ArticleEventOf<'ArticleTranslationUnlinked'> => ({
  type: 'ArticleTranslationUnlinked',
  data: { articleId, translationId, locale, at: SEEDED_AT, actor: EDITOR },
});

/** `readerId`'s vote on version 1, replacing `previous` if they had voted. */
export const voted = (
  articleId: string,
  readerId: string,
  helpful: boolean,
  previous?: boolean,
): ArticleEventOf<'ArticleVoted'> => ({
  type: 'ArticleVoted',
  data: {
    articleId,
    version: 1,
    readerId,
    helpful,
    ...(previous === undefined ? {} : { previous: { helpful: previous } }),
    at: SEEDED_AT,
    actor: { id: readerId, role: 'customer' },
  },
});

/** `readerId` read version 1 on `day`. */
export const viewed = (articleId: string, readerId: string, day = SEEDED_AT.slice(0, 10)): ArticleViewed => ({
  type: 'ArticleViewed',
  data: { articleId, readerId, version: 1, day, at: `${day}T09:00:00.000Z`, actor: { id: readerId, role: 'customer' } },
});

let position = 0;

/** Writes `events` through the articles projection, as one batch in one transaction. */
export async function projectKbEvents(db: Kysely<ReadModelTables>, events: readonly KbEvent[]): Promise<void> {
  const projection = createArticlesProjection();
  const projected = events.map(
    (event): ProjectedEvent<KbEvent> => ({
      ...event,
      log: {
        streamId: `article-${event.data.articleId}`,
        streamVersion: ++position,
        checkpoint: { transactionId: 1n, globalPosition: BigInt(position) },
        recordedAt: new Date(event.data.at),
        metadata: {},
      },
    }),
  );
  await db.transaction().execute((trx) => projection.applyBatch!(trx, projected));
}
