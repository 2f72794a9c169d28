import { describe, expect, it } from 'vitest';
import { CLAIM_LEASE_MS } from '../shared/claim-fence.js';
import { codeOf } from '../shared/shared.fixture.js';
import { deciderSpec } from '../testing/decider-spec.js';
import { AGENT, CUSTOMER, SYSTEM, T0 } from './article.fixture.js';
import { slugClaimId } from './slug.js';
import { type SlugClaimCommand, type SlugClaimEvent, slugClaimDecider } from './slug-claim.js';

const claim = (articleId: string, slug = 'reset-password', atVersion = 0): SlugClaimCommand => ({
  type: 'ClaimArticleSlug',
  data: { locale: 'en', slug, articleId, atVersion },
});
const release = (articleId: string, articleVersion = 1): SlugClaimCommand => ({
  type: 'ReleaseArticleSlug',
  data: { locale: 'en', slug: 'reset-password', articleId, articleVersion },
});
const decide = (history: readonly SlugClaimEvent[], command: SlugClaimCommand, actor = AGENT, now = T0) =>
  deciderSpec(slugClaimDecider).given(history).when(command, { now, actor }).events();

describe('a slug claim (one per locale and slug)', () => {
  const held = decide([], claim('a1'));

  it('goes to the first article; the same article claiming again records nothing', () => {
    expect(held).toEqual([
      {
        type: 'ArticleSlugClaimed',
        data: {
          at: T0.toISOString(),
          actor: AGENT,
          locale: 'en',
          slug: 'reset-password',
          articleId: 'a1',
          atVersion: 0,
        },
      },
    ]);
    expect(decide(held, claim('a1'))).toEqual([]);
  });

  it('refuses another article while held (ARTICLE_SLUG_TAKEN), and lets it claim once released', () => {
    expect(codeOf(() => decide(held, claim('a2')))).toBe('ARTICLE_SLUG_TAKEN');
    const released = [...held, ...decide(held, release('a1'))];
    expect(released.at(-1)?.type).toBe('ArticleSlugReleased');
    expect(decide(released, claim('a2'))).toHaveLength(1);
  });

  it("fences releases: kept while a command decided at the article's version may still append", () => {
    const atThree = [...held, ...decide(held, claim('a1', 'reset-password', 3))];
    expect(atThree).toHaveLength(2);
    expect(decide(atThree, claim('a1', 'reset-password', 2))).toEqual([]);
    expect(decide(atThree, release('a1', 3))).toEqual([]);
    expect(decide(atThree, release('a1', 4))).toHaveLength(1);
  });

  it('lets a claim whose command died go once its lease lapses', () => {
    const later = new Date(T0.getTime() + CLAIM_LEASE_MS);
    expect(decide(held, release('a1', 0))).toEqual([]);
    expect(decide(held, release('a1', 0), SYSTEM, later)).toHaveLength(1);
  });

  it('ignores a release by an article that does not hold it', () => {
    expect(decide(held, release('a2'))).toEqual([]);
    expect(decide([], release('a1'))).toEqual([]);
  });

  it('refuses malformed slugs and customers; the system may settle claims', () => {
    expect(codeOf(() => decide([], claim('a1', 'Not A Slug')))).toBe('ARTICLE_SLUG_INVALID');
    expect(codeOf(() => decide([], claim('a1'), CUSTOMER))).toBe('FORBIDDEN');
    expect(decide(held, release('a1'), SYSTEM)).toHaveLength(1);
  });

  it('names its stream by locale, case-insensitively, and slug', () => {
    expect(slugClaimId('pt-BR', 'senha')).toBe(slugClaimId('pt-br', 'senha'));
    expect(slugClaimId('fr', 'faq')).not.toBe(slugClaimId('en', 'faq'));
  });
});
