import { describe, expect, it } from 'vitest';
import { codeOf } from '../shared/shared.fixture.js';
import {
  ADMIN,
  AGENT,
  ARTICLE_ID,
  AUDITOR,
  approve,
  CONTENT,
  CUSTOMER,
  command,
  create,
  decide,
  history,
  OTHER_AGENT,
  PUBLISHED,
  SUPERVISOR,
  SYSTEM,
  startRevision,
  stateOf,
  submit,
  T0,
} from './article.fixture.js';
import type { ArticleEvent } from './events.js';
import { articleStatus } from './lifecycle.js';
import { liveVersion } from './state.js';
import { requireTranslationTarget } from './translations.js';

const edit = (changes: Record<string, unknown>) => command('EditArticleDraft', { changes });
const DRAFT = history([create, AGENT]);
const IN_REVIEW = history([create, AGENT], [submit, AGENT]);

describe('creating a draft', () => {
  it('records the whole content with its defaults, the actor as its first author', () => {
    const events = decide([], create, AGENT);
    expect(events).toEqual([
      {
        type: 'ArticleDraftCreated',
        data: {
          at: T0.toISOString(),
          actor: AGENT,
          articleId: ARTICLE_ID,
          locale: 'en',
          content: { ...CONTENT, excerpt: '', categoryId: null, tags: [], related: [], attachments: [] },
        },
      },
    ]);
    const article = stateOf(events);
    expect(article && articleStatus(article)).toBe('draft');
    expect(article?.revision?.authors).toEqual([AGENT.id]);
  });

  it('keeps tags folded and once, related articles and attachments once', () => {
    const file = { attachmentId: 'f1', fileName: 'screen.png', contentType: 'image/png', sizeBytes: 1024 };
    const tags = [
      'Login',
      'login',
      'ＳＳＯ',
      'SSO',
      ' Two   Factor ',
      'two factor',
      'Se\u0301curite\u0301',
      'sécurité',
    ];
    const content = { ...CONTENT, tags, related: ['a', 'a'], attachments: [file, file] };
    const [event] = decide([], command('CreateArticleDraft', { locale: 'fr', content }), AGENT);
    expect(event?.data).toMatchObject({
      content: { tags: ['login', 'sso', 'two factor', 'sécurité'], related: ['a'], attachments: [file] },
    });
  });

  it('refuses a second creation, customers and auditors', () => {
    expect(codeOf(() => decide(DRAFT, create, AGENT))).toBe('ALREADY_EXISTS');
    expect(codeOf(() => decide([], create, CUSTOMER))).toBe('FORBIDDEN');
    expect(codeOf(() => decide([], create, AUDITOR))).toBe('FORBIDDEN');
    expect(codeOf(() => decide([], create, SYSTEM))).toBe('FORBIDDEN');
  });

  it.each([
    'Reset-Password',
    'reset password',
    'reset--password',
    '-reset',
    'reset-',
    'reset_password',
    'a'.repeat(121),
    // "réinitialiser" with "e" and a combining accent: it would look like the composed slug.
    're\u0301initialiser',
    // The ligature "ﬁ": it would look like "fi".
    '\ufb01le-export',
  ])('refuses the slug %j with ARTICLE_SLUG_INVALID', (slug) => {
    const input = command('CreateArticleDraft', { locale: 'en', content: { ...CONTENT, slug } });
    expect(codeOf(() => decide([], input, AGENT))).toBe('ARTICLE_SLUG_INVALID');
  });

  it.each(['réinitialiser-le-mot-de-passe', 'faq-2026', 'パスワード'])('accepts the slug %j', (slug) => {
    const input = command('CreateArticleDraft', { locale: 'fr', content: { ...CONTENT, slug } });
    expect(decide([], input, AGENT)).toHaveLength(1);
  });

  it('refuses malformed content (VALIDATION_FAILED), and an article related to itself', () => {
    const bad = [
      { ...CONTENT, title: '' },
      { ...CONTENT, body: 'nul \u0000 inside' },
      { ...CONTENT, attachments: [{ attachmentId: 'f', fileName: 'x', contentType: 'png', sizeBytes: 1 }] },
      { ...CONTENT, attachments: [{ attachmentId: 'f', fileName: 'x', contentType: 'image/png', sizeBytes: -1 }] },
      { ...CONTENT, related: [ARTICLE_ID] },
    ];
    for (const content of bad)
      expect(codeOf(() => decide([], command('CreateArticleDraft', { locale: 'en', content }), AGENT))).toBe(
        'VALIDATION_FAILED',
      );
    expect(
      codeOf(() => decide([], command('CreateArticleDraft', { locale: 'english', content: CONTENT }), AGENT)),
    ).toBe('VALIDATION_FAILED');
  });

  it('refuses any other command on an article that does not exist (NOT_FOUND)', () => {
    expect(codeOf(() => decide([], submit, AGENT))).toBe('NOT_FOUND');
    expect(codeOf(() => decide(DRAFT, command('SubmitArticleForReview', { articleId: 'other' }), AGENT))).toBe(
      'NOT_FOUND',
    );
  });
});

describe('editing a draft', () => {
  it('records the whole new content and which fields changed; the editor becomes an author', () => {
    const events = decide(DRAFT, edit({ title: 'Reset a password', tags: ['login'], excerpt: '' }), OTHER_AGENT);
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({
      content: { title: 'Reset a password', slug: CONTENT.slug, tags: ['login'] },
      changed: ['title', 'tags'],
    });
    expect(stateOf([...DRAFT, ...events])?.revision?.authors).toEqual([AGENT.id, OTHER_AGENT.id]);
  });

  it('records nothing for an edit that changes nothing, and refuses an empty one', () => {
    expect(decide(DRAFT, edit({ title: CONTENT.title }), AGENT)).toEqual([]);
    // A draft read back from the store (jsonb orders keys its own way) is the same draft.
    const file = { attachmentId: 'f1', fileName: 'a.png', contentType: 'image/png', sizeBytes: 1 };
    const [created] = history([
      command('CreateArticleDraft', { locale: 'en', content: { ...CONTENT, attachments: [file] } }),
      AGENT,
    ]);
    const stored = { sizeBytes: 1, contentType: 'image/png', fileName: 'a.png', attachmentId: 'f1' };
    if (created?.type !== 'ArticleDraftCreated') throw new Error('expected the draft');
    const content = { ...created.data.content, attachments: [stored] };
    const withStoredFile: ArticleEvent[] = [{ ...created, data: { ...created.data, content } }];
    expect(decide(withStoredFile, edit({ attachments: [file] }), AGENT)).toEqual([]);
    expect(codeOf(() => decide(DRAFT, edit({}), AGENT))).toBe('VALIDATION_FAILED');
  });

  it('refuses a malformed slug, an edit in review and an edit without a revision (ARTICLE_NOT_DRAFT)', () => {
    expect(codeOf(() => decide(DRAFT, edit({ slug: 'Bad Slug' }), AGENT))).toBe('ARTICLE_SLUG_INVALID');
    expect(codeOf(() => decide(IN_REVIEW, edit({ title: 'x' }), AGENT))).toBe('ARTICLE_NOT_DRAFT');
    expect(codeOf(() => decide(PUBLISHED, edit({ title: 'x' }), AGENT))).toBe('ARTICLE_NOT_DRAFT');
  });
});

describe('review and approval', () => {
  it('submits a draft with a body, carrying its content and authors', () => {
    const [event] = decide(DRAFT, submit, AGENT);
    expect(event).toMatchObject({ type: 'ArticleSubmittedForReview', data: { authors: [AGENT.id], locale: 'en' } });
    expect(articleStatus(stateOf(IN_REVIEW)!)).toBe('in_review');
  });

  it('refuses to submit a draft without a body (ARTICLE_INCOMPLETE) or one already in review', () => {
    const empty = history([command('CreateArticleDraft', { locale: 'en', content: { ...CONTENT, body: ' ' } }), AGENT]);
    expect(codeOf(() => decide(empty, submit, AGENT))).toBe('ARTICLE_INCOMPLETE');
    expect(codeOf(() => decide(IN_REVIEW, submit, AGENT))).toBe('ARTICLE_NOT_DRAFT');
  });

  it('publishes version 1 with everything a reader needs, author and reviewer included', () => {
    const [event] = decide(IN_REVIEW, approve, SUPERVISOR);
    expect(event).toEqual({
      type: 'ArticleApproved',
      data: {
        at: T0.toISOString(),
        actor: SUPERVISOR,
        articleId: ARTICLE_ID,
        version: 1,
        previousVersion: null,
        locale: 'en',
        content: { ...CONTENT, excerpt: '', categoryId: null, tags: [], related: [], attachments: [] },
        authors: [AGENT.id],
        reviewerId: SUPERVISOR.id,
      },
    });
    const article = stateOf(PUBLISHED)!;
    expect(articleStatus(article)).toBe('published');
    expect(article.revision).toBeNull();
    expect(liveVersion(article)).toMatchObject({
      version: 1,
      reviewerId: SUPERVISOR.id,
      publishedAt: T0.toISOString(),
    });
  });

  it('lets only supervisors and admins approve (FORBIDDEN for agents, whoever wrote it)', () => {
    expect(codeOf(() => decide(IN_REVIEW, approve, OTHER_AGENT))).toBe('FORBIDDEN');
    expect(decide(IN_REVIEW, approve, ADMIN)).toHaveLength(1);
  });

  it('refuses an approval by any author of the revision (SELF_APPROVAL_FORBIDDEN)', () => {
    const bySupervisor = history(
      [command('CreateArticleDraft', { locale: 'en', content: CONTENT }), SUPERVISOR],
      [submit, SUPERVISOR],
    );
    expect(codeOf(() => decide(bySupervisor, approve, SUPERVISOR))).toBe('SELF_APPROVAL_FORBIDDEN');
    // An admin who only edited someone else's draft is one of its authors too.
    const editedByAdmin = history([create, AGENT], [edit({ title: 'Better title' }), ADMIN], [submit, AGENT]);
    expect(codeOf(() => decide(editedByAdmin, approve, ADMIN))).toBe('SELF_APPROVAL_FORBIDDEN');
    expect(decide(editedByAdmin, approve, SUPERVISOR)).toHaveLength(1);
  });

  it('refuses approval or a change request outside review (ARTICLE_NOT_IN_REVIEW)', () => {
    expect(codeOf(() => decide(DRAFT, approve, SUPERVISOR))).toBe('ARTICLE_NOT_IN_REVIEW');
    expect(codeOf(() => decide(PUBLISHED, approve, ADMIN))).toBe('ARTICLE_NOT_IN_REVIEW');
    const changes = command('RequestArticleChanges', { reason: 'Add a screenshot' });
    expect(codeOf(() => decide(DRAFT, changes, SUPERVISOR))).toBe('ARTICLE_NOT_IN_REVIEW');
  });

  it('sends a revision in review back to draft with the reviewer’s reason, which is required', () => {
    const changes = command('RequestArticleChanges', { reason: 'Add a screenshot' });
    const events = decide(IN_REVIEW, changes, SUPERVISOR);
    expect(events).toEqual([
      {
        type: 'ArticleChangesRequested',
        data: { at: T0.toISOString(), actor: SUPERVISOR, reason: 'Add a screenshot', articleId: ARTICLE_ID },
      },
    ]);
    expect(articleStatus(stateOf([...IN_REVIEW, ...events])!)).toBe('draft');
    expect(codeOf(() => decide(IN_REVIEW, command('RequestArticleChanges', { reason: '' }), SUPERVISOR))).toBe(
      'VALIDATION_FAILED',
    );
    expect(codeOf(() => decide(IN_REVIEW, changes, AGENT))).toBe('FORBIDDEN');
  });
});

describe('revisions of a published article', () => {
  const REVISING = [...PUBLISHED, ...decide(PUBLISHED, startRevision, OTHER_AGENT)];

  it('starts from the live version, which stays published and live', () => {
    const article = stateOf(REVISING)!;
    expect(articleStatus(article)).toBe('published');
    expect(article.live).toBe(1);
    expect(article.revision).toMatchObject({ status: 'draft', basedOn: 1, authors: [OTHER_AGENT.id] });
    expect(article.revision?.content).toEqual(liveVersion(article)?.content);
  });

  it('publishes the approved revision as version 2, keeping version 1 readable', () => {
    const events = history(
      [create, AGENT],
      [submit, AGENT],
      [approve, SUPERVISOR],
      [startRevision, OTHER_AGENT],
      [edit({ body: 'New steps' }), OTHER_AGENT],
      [submit, OTHER_AGENT],
    );
    expect(stateOf(events)?.live).toBe(1);
    const approved = decide(events, approve, ADMIN);
    expect(approved[0]?.data).toMatchObject({ version: 2, previousVersion: 1, authors: [OTHER_AGENT.id] });
    const article = stateOf([...events, ...approved])!;
    expect(article.live).toBe(2);
    expect(article.versions.map((v) => [v.version, v.content.body])).toEqual([
      [1, CONTENT.body],
      [2, 'New steps'],
    ]);
  });

  it('lets the first version’s author approve a revision others wrote, not one they started', () => {
    const bySupervisor = [
      [command('CreateArticleDraft', { locale: 'en', content: CONTENT }), SUPERVISOR],
      [submit, SUPERVISOR],
      [approve, ADMIN],
    ] as const;
    const revisedByOthers = history(
      ...bySupervisor,
      [startRevision, OTHER_AGENT],
      [edit({ body: 'y' }), AGENT],
      [submit, AGENT],
    );
    expect(decide(revisedByOthers, approve, SUPERVISOR)).toHaveLength(1);
    // Whoever starts a revision is one of its authors, even if others make every edit.
    const startedBySupervisor = history(
      ...bySupervisor,
      [startRevision, SUPERVISOR],
      [edit({ body: 'y' }), AGENT],
      [submit, AGENT],
    );
    expect(codeOf(() => decide(startedBySupervisor, approve, SUPERVISOR))).toBe('SELF_APPROVAL_FORBIDDEN');
  });

  it('refuses a revision of an unpublished article and a second revision', () => {
    expect(codeOf(() => decide(DRAFT, startRevision, AGENT))).toBe('ARTICLE_NOT_PUBLISHED');
    expect(codeOf(() => decide(REVISING, startRevision, AGENT))).toBe('ARTICLE_REVISION_IN_PROGRESS');
  });
});

describe('restoring an earlier version', () => {
  const restoreVersion = (version: number) => command('RestoreArticleVersion', { version });
  // Version 1 is CONTENT; version 2 has new steps and a new title.
  const TWO_VERSIONS = history(
    [create, AGENT],
    [submit, AGENT],
    [approve, SUPERVISOR],
    [startRevision, OTHER_AGENT],
    [edit({ title: 'Reset it', body: 'New steps' }), OTHER_AGENT],
    [submit, OTHER_AGENT],
    [approve, ADMIN],
  );

  it("starts a revision from that version's text, the live version staying live", () => {
    const events = decide(TWO_VERSIONS, restoreVersion(1), AGENT);
    expect(events).toMatchObject([{ type: 'ArticleRevisionStarted', data: { fromVersion: 1 } }]);
    const article = stateOf([...TWO_VERSIONS, ...events])!;
    expect(article.live).toBe(2);
    expect(article.revision).toMatchObject({ status: 'draft', basedOn: 1, authors: [AGENT.id] });
    expect(article.revision?.content).toEqual(article.versions[0]?.content);
  });

  it('makes a draft in progress that text, naming the fields it changed; nothing when it already is', () => {
    const revising = [...TWO_VERSIONS, ...decide(TWO_VERSIONS, startRevision, AGENT)];
    const events = decide(revising, restoreVersion(1), AGENT);
    expect(events).toMatchObject([{ type: 'ArticleDraftEdited', data: { changed: ['title', 'body'] } }]);
    expect(decide([...revising, ...events], restoreVersion(1), AGENT)).toEqual([]);
  });

  it('goes through review as any revision, to a new version with the old text', () => {
    const restored = [...TWO_VERSIONS, ...decide(TWO_VERSIONS, restoreVersion(1), AGENT)];
    const submitted = [...restored, ...decide(restored, submit, AGENT)];
    const approved = decide(submitted, approve, SUPERVISOR);
    expect(approved[0]?.data).toMatchObject({ version: 3, previousVersion: 2 });
    expect(stateOf([...submitted, ...approved])?.versions[2]?.content).toEqual(
      stateOf(TWO_VERSIONS)?.versions[0]?.content,
    );
  });

  it('refuses a version never published, a revision in review, an archived article and readers', () => {
    expect(codeOf(() => decide(TWO_VERSIONS, restoreVersion(3), AGENT))).toBe('ARTICLE_VERSION_NOT_PUBLISHED');
    expect(codeOf(() => decide(DRAFT, restoreVersion(1), AGENT))).toBe('ARTICLE_VERSION_NOT_PUBLISHED');
    const inReview = history(
      [create, AGENT],
      [submit, AGENT],
      [approve, SUPERVISOR],
      [startRevision, AGENT],
      [edit({ body: 'Other steps' }), AGENT],
      [submit, AGENT],
    );
    expect(codeOf(() => decide(inReview, restoreVersion(1), AGENT))).toBe('ARTICLE_NOT_DRAFT');
    const archived = [...PUBLISHED, ...decide(PUBLISHED, command('ArchiveArticle', {}), SUPERVISOR)];
    expect(codeOf(() => decide(archived, restoreVersion(1), AGENT))).toBe('ARTICLE_ARCHIVED');
    expect(codeOf(() => decide(PUBLISHED, restoreVersion(1), CUSTOMER))).toBe('FORBIDDEN');
  });
});

describe('discarding a revision', () => {
  const discard = command('DiscardArticleRevision', {});
  const REVISED = history(
    [create, AGENT],
    [submit, AGENT],
    [approve, SUPERVISOR],
    [startRevision, OTHER_AGENT],
    [edit({ title: 'Half-written' }), OTHER_AGENT],
  );

  it('drops the revision, draft or in review, the live version unchanged', () => {
    for (const revising of [REVISED, [...REVISED, ...decide(REVISED, submit, OTHER_AGENT)]]) {
      const events = decide(revising, discard, AGENT);
      expect(events).toMatchObject([
        {
          type: 'ArticleRevisionDiscarded',
          data: { liveVersion: 1, content: { title: CONTENT.title }, authorId: AGENT.id },
        },
      ]);
      const article = stateOf([...revising, ...events])!;
      expect(article.revision).toBeNull();
      expect(article.live).toBe(1);
      expect(articleStatus(article)).toBe('published');
    }
  });

  it('refuses an article without a revision, one never published, and readers', () => {
    expect(codeOf(() => decide(PUBLISHED, discard, AGENT))).toBe('ARTICLE_NOT_DRAFT');
    expect(codeOf(() => decide(DRAFT, discard, AGENT))).toBe('ARTICLE_NOT_PUBLISHED');
    expect(codeOf(() => decide(REVISED, discard, CUSTOMER))).toBe('FORBIDDEN');
  });

  it('refuses to submit a revision that changes nothing of the live version (ARTICLE_UNCHANGED)', () => {
    const started = [...PUBLISHED, ...decide(PUBLISHED, startRevision, OTHER_AGENT)];
    expect(codeOf(() => decide(started, submit, OTHER_AGENT))).toBe('ARTICLE_UNCHANGED');
    // Edited, then edited back: still nothing to review.
    const back = history(
      [create, AGENT],
      [submit, AGENT],
      [approve, SUPERVISOR],
      [startRevision, OTHER_AGENT],
      [edit({ title: 'Other' }), OTHER_AGENT],
      [edit({ title: CONTENT.title }), OTHER_AGENT],
    );
    expect(codeOf(() => decide(back, submit, OTHER_AGENT))).toBe('ARTICLE_UNCHANGED');
    expect(decide(REVISED, submit, OTHER_AGENT)).toHaveLength(1);
  });
});

describe('archiving and restoring', () => {
  const archive = command('ArchiveArticle', { reason: 'Product retired' });
  const restore = command('RestoreArticle', {});
  const ARCHIVED = [...PUBLISHED, ...decide(PUBLISHED, archive, SUPERVISOR)];

  it('archives with the live version named, and refuses everything but a restore afterwards', () => {
    expect(ARCHIVED.at(-1)).toMatchObject({
      type: 'ArticleArchived',
      data: { liveVersion: 1, reason: 'Product retired' },
    });
    expect(articleStatus(stateOf(ARCHIVED)!)).toBe('archived');
    for (const input of [
      startRevision,
      archive,
      command('LinkArticleTranslation', { translationId: 'fr-1', locale: 'fr' }),
      command('VoteOnArticle', { version: 1, helpful: true }),
    ])
      expect(codeOf(() => decide(ARCHIVED, input, ADMIN))).toBe('ARTICLE_ARCHIVED');
  });

  it('restores the live version; a revision that was in review comes back as a draft', () => {
    const restored = stateOf([...ARCHIVED, ...decide(ARCHIVED, restore, ADMIN)])!;
    expect(articleStatus(restored)).toBe('published');
    expect(restored.live).toBe(1);
    const inReview = history([create, AGENT], [submit, AGENT], [archive, SUPERVISOR]);
    const back = stateOf([...inReview, ...decide(inReview, restore, SUPERVISOR)])!;
    expect(articleStatus(back)).toBe('draft');
  });

  it('refuses to restore an article that is not archived, and agents archiving or restoring', () => {
    expect(codeOf(() => decide(PUBLISHED, restore, ADMIN))).toBe('ARTICLE_NOT_ARCHIVED');
    expect(codeOf(() => decide(PUBLISHED, archive, AGENT))).toBe('FORBIDDEN');
    expect(codeOf(() => decide(ARCHIVED, restore, AGENT))).toBe('FORBIDDEN');
  });
});

describe('translations', () => {
  const link = (translationId: string, locale: string) => command('LinkArticleTranslation', { translationId, locale });
  const LINKED = [...DRAFT, ...decide(DRAFT, link('reinitialiser', 'fr'), AGENT)];

  it('links one translation per other locale; linking it again records nothing', () => {
    expect(stateOf(LINKED)?.translations).toEqual({ fr: 'reinitialiser' });
    expect(decide(LINKED, link('reinitialiser', 'fr'), AGENT)).toEqual([]);
    expect(codeOf(() => decide(LINKED, link('autre', 'FR'), AGENT))).toBe('ALREADY_EXISTS');
  });

  it('refuses the article itself and its own locale (ARTICLE_TRANSLATION_INVALID)', () => {
    expect(codeOf(() => decide(DRAFT, link(ARTICLE_ID, 'fr'), AGENT))).toBe('ARTICLE_TRANSLATION_INVALID');
    expect(codeOf(() => decide(DRAFT, link('other', 'EN'), AGENT))).toBe('ARTICLE_TRANSLATION_INVALID');
  });

  it("checks the linked article against its own state: it exists and is written in the link's locale", () => {
    // DRAFT is article reset-password, written in en.
    const english = stateOf(DRAFT);
    expect(() => requireTranslationTarget(english, ARTICLE_ID, 'en')).not.toThrow();
    expect(() => requireTranslationTarget(english, ARTICLE_ID, 'EN')).not.toThrow();
    // An English article claimed as a German translation.
    expect(codeOf(() => requireTranslationTarget(english, ARTICLE_ID, 'de'))).toBe('ARTICLE_TRANSLATION_INVALID');
    expect(codeOf(() => requireTranslationTarget(null, 'nope-article', 'es'))).toBe('NOT_FOUND');
    expect(codeOf(() => requireTranslationTarget(english, 'nope-article', 'en'))).toBe('NOT_FOUND');
  });

  it('unlinks by id, naming the locale; unlinking one not linked records nothing', () => {
    const unlink = (translationId: string) => command('UnlinkArticleTranslation', { translationId });
    const events = decide(LINKED, unlink('reinitialiser'), AGENT);
    expect(events[0]?.data).toMatchObject({ translationId: 'reinitialiser', locale: 'fr' });
    expect(stateOf([...LINKED, ...events])?.translations).toEqual({});
    expect(decide(LINKED, unlink('nope'), AGENT)).toEqual([]);
  });
});

describe('votes', () => {
  const vote = (helpful: boolean, comment?: string, version = 1) =>
    command('VoteOnArticle', { version, helpful, ...(comment === undefined ? {} : { comment }) });

  it('records one vote per reader and version; voting again changes it and names the one replaced', () => {
    const first = decide(PUBLISHED, vote(true), CUSTOMER);
    expect(first).toEqual([
      {
        type: 'ArticleVoted',
        data: {
          at: T0.toISOString(),
          actor: CUSTOMER,
          articleId: ARTICLE_ID,
          version: 1,
          readerId: CUSTOMER.id,
          helpful: true,
        },
      },
    ]);
    const voted = [...PUBLISHED, ...first];
    expect(decide(voted, vote(true), CUSTOMER)).toEqual([]);
    const changed = decide(voted, vote(false, 'Step 2 is missing'), CUSTOMER);
    expect(changed[0]?.data).toMatchObject({
      helpful: false,
      comment: 'Step 2 is missing',
      previous: { helpful: true },
    });
    expect(stateOf([...voted, ...changed])?.votes).toEqual({
      [`1:${CUSTOMER.id}`]: { helpful: false, comment: 'Step 2 is missing' },
    });
  });

  it('keeps every published version open to votes, and refuses a version never published', () => {
    expect(codeOf(() => decide(PUBLISHED, vote(true, undefined, 2), CUSTOMER))).toBe('ARTICLE_VERSION_NOT_PUBLISHED');
    expect(codeOf(() => decide(DRAFT, vote(true), CUSTOMER))).toBe('ARTICLE_VERSION_NOT_PUBLISHED');
  });

  it('lets readers vote, not auditors or the automation', () => {
    expect(decide(PUBLISHED, vote(true), AGENT)).toHaveLength(1);
    expect(codeOf(() => decide(PUBLISHED, vote(true), AUDITOR))).toBe('FORBIDDEN');
    expect(codeOf(() => decide(PUBLISHED, vote(true), SYSTEM))).toBe('FORBIDDEN');
  });
});
