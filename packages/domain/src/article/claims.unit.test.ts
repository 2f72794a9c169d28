import { describe, expect, it } from 'vitest';
import {
  ADMIN,
  AGENT,
  approve,
  CONTENT,
  command,
  create,
  history,
  SUPERVISOR,
  startRevision,
  stateOf,
  submit,
} from './article.fixture.js';
import { articleClaims, articleHoldings, holdsCategory, holdsSlug } from './claims.js';

const edit = (changes: Record<string, unknown>) => command('EditArticleDraft', { changes });
const slug = (value: string) => ({ locale: 'en', slug: value });

describe('what an article holds on other streams', () => {
  it('holds nothing before it exists, then its draft’s slug and category', () => {
    expect(articleHoldings(null)).toEqual({ slugs: [], categoryIds: [] });
    const draft = history([
      command('CreateArticleDraft', { locale: 'en', content: { ...CONTENT, categoryId: 'login' } }),
      AGENT,
    ]);
    expect(articleHoldings(stateOf(draft))).toEqual({ slugs: [slug(CONTENT.slug)], categoryIds: ['login'] });
  });

  it('holds both the live version’s and the revision’s slug and category while a revision renames and moves it', () => {
    const events = history(
      [command('CreateArticleDraft', { locale: 'en', content: { ...CONTENT, categoryId: 'login' } }), AGENT],
      [submit, AGENT],
      [approve, SUPERVISOR],
      [startRevision, AGENT],
      [edit({ slug: 'change-your-password', categoryId: 'security' }), AGENT],
    );
    expect(articleHoldings(stateOf(events))).toEqual({
      slugs: [slug(CONTENT.slug), slug('change-your-password')],
      categoryIds: ['login', 'security'],
    });
  });
});

describe('the claims of one command', () => {
  it('takes a new slug before an edit and releases the old one after', () => {
    const before = history([create, AGENT]);
    const after = history([create, AGENT], [edit({ slug: 'new-slug' }), AGENT]);
    expect(articleClaims(stateOf(before), stateOf(after))).toEqual({
      take: { slugs: [slug('new-slug')], categoryIds: [] },
      release: { slugs: [slug(CONTENT.slug)], categoryIds: [] },
    });
  });

  it('releases the old live slug only when the renaming revision is approved', () => {
    const steps = [
      [create, AGENT],
      [submit, AGENT],
      [approve, SUPERVISOR],
      [startRevision, AGENT],
      [edit({ slug: 'new-slug' }), AGENT],
      [submit, AGENT],
    ] as const;
    const inReview = history(...steps);
    const approved = history(...steps, [approve, ADMIN]);
    expect(articleClaims(stateOf(inReview), stateOf(approved))).toEqual({
      take: { slugs: [], categoryIds: [] },
      release: { slugs: [slug(CONTENT.slug)], categoryIds: [] },
    });
  });

  it('claims nothing for a command that changes no slug or category', () => {
    const draft = history([create, AGENT]);
    const submitted = history([create, AGENT], [submit, AGENT]);
    expect(articleClaims(stateOf(draft), stateOf(submitted))).toEqual({
      take: { slugs: [], categoryIds: [] },
      release: { slugs: [], categoryIds: [] },
    });
  });
});

describe('settling claims a crashed command left behind', () => {
  it('keeps a claim the article holds (locale compared case-insensitively) and releases one it does not', () => {
    const draft = stateOf(
      history([
        command('CreateArticleDraft', { locale: 'pt-BR', content: { ...CONTENT, categoryId: 'login' } }),
        AGENT,
      ]),
    );
    expect(holdsSlug(draft, { locale: 'pt-br', slug: CONTENT.slug })).toBe(true);
    expect(holdsSlug(draft, { locale: 'pt-BR', slug: 'never-recorded' })).toBe(false);
    expect(holdsSlug(null, { locale: 'pt-BR', slug: CONTENT.slug })).toBe(false);
    expect(holdsCategory(draft, 'login')).toBe(true);
    expect(holdsCategory(draft, 'billing')).toBe(false);
  });
});
