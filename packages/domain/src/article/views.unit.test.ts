import { describe, expect, it } from 'vitest';
import { fold } from '../shared/decider.js';
import { codeOf } from '../shared/shared.fixture.js';
import { deciderSpec } from '../testing/decider-spec.js';
import { AGENT, CUSTOMER, SYSTEM, T0 } from './article.fixture.js';
import { type ArticleViewed, articleReaderDecider, type RecordArticleView } from './views.js';

const view = (articleId = 'a1', readerId = CUSTOMER.id): RecordArticleView => ({
  type: 'RecordArticleView',
  data: { readerId, articleId, version: 2 },
});
const at = (iso: string) => new Date(iso);
const decide = (history: readonly ArticleViewed[], command: RecordArticleView, now = T0, actor = CUSTOMER) =>
  deciderSpec(articleReaderDecider).given(history).when(command, { now, actor }).events();

describe('article views (one reader’s stream)', () => {
  const first = decide([], view());

  it('counts a reader’s first view of an article on a UTC day, with the day', () => {
    expect(first).toEqual([
      {
        type: 'ArticleViewed',
        data: {
          at: T0.toISOString(),
          actor: CUSTOMER,
          readerId: CUSTOMER.id,
          articleId: 'a1',
          version: 2,
          day: '2026-03-02',
        },
      },
    ]);
  });

  it('ignores more views of it the same UTC day, not of another article', () => {
    expect(decide(first, view(), at('2026-03-02T23:59:59.999Z'))).toEqual([]);
    expect(decide(first, view('a2'))).toHaveLength(1);
  });

  it('counts it again from midnight UTC, and forgets the days before', () => {
    const nextDay = decide(first, view(), at('2026-03-03T00:00:00.000Z'));
    expect(nextDay[0]?.data.day).toBe('2026-03-03');
    expect(fold(articleReaderDecider, [...first, ...nextDay])).toEqual({ day: '2026-03-03', viewed: ['a1'] });
  });

  it('records a reader’s own views, or the system’s for a reader without an account', () => {
    expect(codeOf(() => decide([], view('a1', 'customer-2')))).toBe('FORBIDDEN');
    expect(decide([], view('a1', 'session-9f2'), T0, SYSTEM)).toHaveLength(1);
    expect(decide([], view('a1', AGENT.id), T0, AGENT)).toHaveLength(1);
    expect(
      codeOf(() => decide([], { type: 'RecordArticleView', data: { readerId: 'r', articleId: 'a1', version: 0 } })),
    ).toBe('VALIDATION_FAILED');
  });
});
