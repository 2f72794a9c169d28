import type { ArticleContent, ArticleEvent, ArticleViewed } from '@support-engine/domain/article';
import type { KbAttachment } from '../../schema.js';
import type { ArticleStateRow } from './columns.js';

/** Every event the knowledge base's read models apply: the article streams' and readers' views. */
export type KbEvent = ArticleEvent | ArticleViewed;

/** An article's text and metadata at one moment: what the store indexes (working text or a published version). */
export interface ArticleText {
  readonly articleId: string;
  readonly locale: string;
  readonly slug: string;
  readonly title: string;
  readonly excerpt: string;
  readonly bodyMarkdown: string;
  readonly categoryId: string | null;
  readonly tags: readonly string[];
  readonly authorId: string;
  readonly related: readonly string[];
  readonly attachments: readonly KbAttachment[];
}

/** A version as it was published. */
export interface PublishedVersion extends ArticleText {
  readonly version: number;
  readonly publishedBy: string;
  /** ISO instant. */
  readonly publishedAt: string;
}

/** A reader's vote on a version (the latest, when they changed it). */
export type VoteRow = {
  article_id: string;
  version: number;
  reader_id: string;
  helpful: boolean;
  comment: string | null;
  voted_at: string;
};

/** A reader's first view of an article on a UTC day. */
export type ViewRow = {
  reader_id: string;
  article_id: string;
  day: string;
  version: number;
  reader_role: string;
  viewed_at: string;
};

/**
 * One batch of the knowledge base, folded in memory: the articles its events touch (as loaded,
 * then as they evolve) and what to write. Text is written with the columns PostgreSQL derives
 * from it, and search heads and the vocabulary are rewritten from the stored rows, so those are
 * recorded here as "to do" rather than computed.
 */
export interface ArticlesBatch {
  /** Each touched article's state columns; an id absent here has no row (yet). */
  readonly articles: Map<string, ArticleStateRow>;
  /** The status of each article as loaded: a status write is one only when it differs. */
  readonly loadedStatus: ReadonlyMap<string, string>;
  /** Articles whose state columns changed. */
  readonly changed: Set<string>;
  /** Working texts the batch changed, the latest of each article. */
  readonly texts: Map<string, ArticleText>;
  /** Versions published in the batch, in order. */
  readonly versions: PublishedVersion[];
  /** Articles whose current version (the one customers read) may have moved. */
  readonly current: Set<string>;
  /** Articles whose search heads must be rewritten from their rows. */
  readonly heads: Set<string>;
  /** Votes cast, keyed by article, version and reader: a later vote replaces an earlier one. */
  readonly votes: Map<string, VoteRow>;
  readonly views: ViewRow[];
}

/** A batch over the articles as loaded. */
export function newArticlesBatch(loaded: Iterable<ArticleStateRow>): ArticlesBatch {
  const articles = new Map([...loaded].map((row) => [row.article_id, row]));
  return {
    articles,
    loadedStatus: new Map([...articles.values()].map((row) => [row.article_id, row.status])),
    changed: new Set(),
    texts: new Map(),
    versions: [],
    current: new Set(),
    heads: new Set(),
    votes: new Map(),
    views: [],
  };
}

/** The version customers read: the live one, unless the article is archived. */
export function currentVersionOf(row: ArticleStateRow): number | null {
  return row.status === 'archived' ? null : row.published_version;
}

/**
 * The ids of the article rows an event changes: its own article's only (a translation link is
 * the linking article's record; the linked article's row is left as it is).
 */
export function touchedArticleIds(event: KbEvent): string[] {
  return [event.data.articleId];
}

const textOf = (articleId: string, locale: string, content: ArticleContent, authorId: string): ArticleText => ({
  articleId,
  locale,
  slug: content.slug,
  title: content.title,
  excerpt: content.excerpt,
  bodyMarkdown: content.body,
  categoryId: content.categoryId,
  tags: content.tags,
  authorId,
  related: content.related,
  attachments: content.attachments,
});

/** Applies one event to the batch, in log order; no I/O. */
export function applyKbEvent(batch: ArticlesBatch, event: KbEvent): void {
  const { articleId, at } = event.data;
  switch (event.type) {
    case 'ArticleViewed': {
      const { readerId, day, version, actor } = event.data;
      batch.views.push({
        reader_id: readerId,
        article_id: articleId,
        day,
        version,
        reader_role: actor.role,
        viewed_at: at,
      });
      change(batch, articleId, (row) => ({ ...row, views: row.views + 1 }));
      return;
    }
    case 'ArticleDraftCreated': {
      const existing = batch.articles.get(articleId);
      const row: ArticleStateRow = {
        ...(existing ?? {
          article_id: articleId,
          translations: {},
          published_version: null,
          published_at: null,
          revision_status: null,
          helpful_votes: 0,
          unhelpful_votes: 0,
          views: 0,
          created_at: at,
        }),
        locale: event.data.locale,
        status: 'draft',
        updated_at: at,
      };
      batch.articles.set(articleId, row);
      batch.changed.add(articleId);
      saveText(batch, textOf(articleId, row.locale, event.data.content, event.data.actor.id));
      return;
    }
    case 'ArticleDraftEdited':
      editText(batch, event, event.data.content, event.data.actor.id, null);
      return;
    case 'ArticleRevisionStarted':
      editText(batch, event, event.data.content, event.data.actor.id, 'draft');
      return;
    case 'ArticleRevisionDiscarded':
      // The working text is the live version's again, and no revision is under way.
      editText(batch, event, event.data.content, event.data.authorId, null);
      change(batch, articleId, (row) => ({ ...row, revision_status: null }));
      return;
    case 'ArticleSubmittedForReview':
      editText(batch, event, event.data.content, event.data.actor.id, 'in_review');
      return;
    case 'ArticleChangesRequested':
      // A published article stays published while its revision goes back to draft.
      change(batch, articleId, (row) =>
        row.published_version === null
          ? { ...row, status: 'draft', updated_at: at }
          : { ...row, revision_status: 'draft', updated_at: at },
      );
      return;
    case 'ArticleApproved': {
      const { version, locale, content, authors, reviewerId } = event.data;
      editText(batch, event, content, authors[0]!, null);
      batch.versions.push({
        ...textOf(articleId, locale, content, authors[0]!),
        version,
        publishedBy: reviewerId,
        publishedAt: at,
      });
      moveCurrent(batch, articleId, (row) => ({
        ...row,
        status: 'published',
        published_version: version,
        published_at: at,
        revision_status: null,
        updated_at: at,
      }));
      return;
    }
    case 'ArticleArchived':
      moveCurrent(batch, articleId, (row) => ({ ...row, status: 'archived', updated_at: at }));
      return;
    case 'ArticleRestored':
      // As in the domain: a revision that sat in review while archived goes back to draft.
      moveCurrent(batch, articleId, (row) => ({
        ...row,
        status: row.published_version === null ? 'draft' : 'published',
        revision_status: row.revision_status === null ? null : 'draft',
        updated_at: at,
      }));
      return;
    // The article's links as its stream records them (keyed by the event's locale, as the
    // domain's state is); the linked article's own links are its own events' to change.
    case 'ArticleTranslationLinked': {
      const { locale, translationId } = event.data;
      change(batch, articleId, (row) =>
        row.translations[locale] === translationId
          ? row
          : { ...row, translations: { ...row.translations, [locale]: translationId } },
      );
      return;
    }
    case 'ArticleTranslationUnlinked':
      change(batch, articleId, (row) => {
        if (!(event.data.locale in row.translations)) return row;
        const { [event.data.locale]: _unlinked, ...translations } = row.translations;
        return { ...row, translations };
      });
      return;
    case 'ArticleVoted': {
      const { version, readerId, helpful } = event.data;
      const comment = event.data.comment ?? null;
      batch.votes.set(`${articleId}\u0000${version}\u0000${readerId}`, {
        article_id: articleId,
        version,
        reader_id: readerId,
        helpful,
        comment,
        voted_at: at,
      });
      // A changed vote moves one count from the old side to the new.
      const previous = event.data.previous?.helpful;
      if (previous === helpful) return;
      change(batch, articleId, (row) => ({
        ...row,
        helpful_votes: row.helpful_votes + (helpful ? 1 : 0) - (previous === true ? 1 : 0),
        unhelpful_votes: row.unhelpful_votes + (helpful ? 0 : 1) - (previous === false ? 1 : 0),
      }));
      return;
    }
  }
}

/** Replaces an existing article's state columns (an article without a row is left alone). */
function change(batch: ArticlesBatch, articleId: string, next: (row: ArticleStateRow) => ArticleStateRow): void {
  const row = batch.articles.get(articleId);
  if (row === undefined) return;
  const changed = next(row);
  if (changed === row) return;
  batch.articles.set(articleId, changed);
  batch.changed.add(articleId);
}

/** A change to what customers or staff may find: the current version and search heads follow. */
function moveCurrent(batch: ArticlesBatch, articleId: string, next: (row: ArticleStateRow) => ArticleStateRow): void {
  if (!batch.articles.has(articleId)) return;
  change(batch, articleId, next);
  batch.current.add(articleId);
  batch.heads.add(articleId);
}

function saveText(batch: ArticlesBatch, text: ArticleText): void {
  batch.texts.set(text.articleId, text);
  batch.heads.add(text.articleId);
}

/**
 * The working text changed (in the article's own locale); the status moves to `status` unless a
 * version is live: a published article stays published while it is revised, and its revision's
 * own status (`revision_status`) moves instead.
 */
function editText(
  batch: ArticlesBatch,
  event: KbEvent,
  content: ArticleContent,
  authorId: string,
  status: 'draft' | 'in_review' | null,
): void {
  const { articleId, at } = event.data;
  const row = batch.articles.get(articleId);
  if (row === undefined) throw new Error(`Article ${articleId} has no row: its ${event.type} came before its creation`);
  const live = row.published_version !== null;
  change(batch, articleId, () => ({
    ...row,
    status: status !== null && !live ? status : row.status,
    revision_status: status !== null && live ? status : row.revision_status,
    updated_at: at,
  }));
  saveText(batch, textOf(articleId, row.locale, content, authorId));
}
