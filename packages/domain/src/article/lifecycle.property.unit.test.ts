import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { isDomainError } from '../shared/errors.js';
import { ADMIN, AGENT, AUDITOR, CONTENT, CUSTOMER, command, OTHER_AGENT, SUPERVISOR, T0 } from './article.fixture.js';
import type { ArticleCommand } from './commands.js';
import type { ArticleEvent } from './events.js';
import { articleDecider } from './index.js';
import { type ArticleState, voteKey } from './state.js';

const OTHER_SUPERVISOR: Actor = { id: 'supervisor-2', role: 'supervisor' };
// Reviewers write too, and often: a self-approval needs a supervisor or admin among the authors.
const writerArb = fc.constantFrom(AGENT, SUPERVISOR, ADMIN);
const actorArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(AGENT, OTHER_AGENT, SUPERVISOR, OTHER_SUPERVISOR, ADMIN) },
  { weight: 1, arbitrary: fc.constantFrom(CUSTOMER, AUDITOR) },
);
const create = command('CreateArticleDraft', { locale: 'en', content: CONTENT });

/**
 * Every article command, with small value sets, and the lifecycle's moves weighted up so that
 * random sequences reach approvals, revisions and archiving.
 */
const commandArb: fc.Arbitrary<ArticleCommand> = fc.oneof(
  fc.constant(create),
  fc
    .constantFrom<Record<string, unknown>>(
      { title: 'Other title' },
      { body: 'New body' },
      { body: '' },
      { slug: 'other-slug' },
      { tags: ['x'] },
    )
    .map((changes) => command('EditArticleDraft', { changes })),
  { weight: 3, arbitrary: fc.constant(command('SubmitArticleForReview', {})) },
  { weight: 3, arbitrary: fc.constant(command('ApproveArticle', {})) },
  fc.constant(command('RequestArticleChanges', { reason: 'Needs work' })),
  { weight: 2, arbitrary: fc.constant(command('StartArticleRevision', {})) },
  { weight: 2, arbitrary: fc.constant(command('ArchiveArticle', {})) },
  { weight: 2, arbitrary: fc.constant(command('RestoreArticle', {})) },
  fc
    .constantFrom('fr', 'de', 'en')
    .map((locale) => command('LinkArticleTranslation', { translationId: `t-${locale}`, locale })),
  fc
    .record({
      version: fc.integer({ min: 1, max: 4 }),
      helpful: fc.boolean(),
      comment: fc.constantFrom(undefined, 'ok'),
    })
    .map(({ comment, ...vote }) =>
      command('VoteOnArticle', { ...vote, ...(comment === undefined ? {} : { comment }) }),
    ),
);

/** A creation by a writer, then random steps (further creations are refused). */
const stepsArb = fc
  .tuple(writerArb, fc.array(fc.tuple(commandArb, actorArb), { minLength: 5, maxLength: 60, size: 'max' }))
  .map(([writer, steps]) => [[create, writer] as const, ...steps]);

/** Property tests replay many histories; give them room on a busy 2-core machine. */
const PROPERTY_TIMEOUT_MS = 30_000;

/** What the model remembers independently of the decider: who wrote the current revision, and every vote cast. */
interface Model {
  writers: Set<string>;
  votes: Map<string, { helpful: boolean; comment: string | null }>;
}

function observe(model: Model, event: ArticleEvent): void {
  switch (event.type) {
    case 'ArticleDraftCreated':
    case 'ArticleRevisionStarted':
      model.writers = new Set([event.data.actor.id]);
      return;
    case 'ArticleDraftEdited':
      model.writers.add(event.data.actor.id);
      return;
    case 'ArticleVoted':
      model.votes.set(voteKey(event.data.version, event.data.readerId), {
        helpful: event.data.helpful,
        comment: event.data.comment ?? null,
      });
      return;
    default:
      return;
  }
}

describe('the article lifecycle under random command sequences', () => {
  it(
    'never publishes by an author of the revision; the live version moves only on approval; approved versions never change; an archived article accepts only a restore; one vote per reader and version',
    () => {
      fc.assert(
        fc.property(stepsArb, (steps) => {
          let state: ArticleState = null;
          const model: Model = { writers: new Set(), votes: new Map() };
          for (const [input, actor] of steps) {
            let events: readonly ArticleEvent[] = [];
            try {
              events = articleDecider.decide(input, state, { now: T0, actor });
            } catch (error) {
              // Every refusal is a typed domain error, never a crash.
              if (!isDomainError(error)) throw error;
            }
            const before = state;
            if (before?.archived && input.type !== 'RestoreArticle') expect(events).toEqual([]);
            for (const event of events) {
              if (event.type === 'ArticleApproved') {
                expect(['supervisor', 'admin']).toContain(event.data.actor.role);
                expect(model.writers.has(event.data.reviewerId)).toBe(false);
                expect(event.data.authors).not.toContain(event.data.reviewerId);
              }
              if (event.type === 'ArticleVoted')
                expect(event.data.version).toBeLessThanOrEqual(before?.versions.length ?? 0);
              observe(model, event);
            }
            state = fold(articleDecider, events, state);
            if (before !== null && state !== null) {
              const approved = events.find((event) => event.type === 'ArticleApproved');
              expect(state.live).toBe(approved === undefined ? before.live : approved.data.version);
              expect(state.versions.slice(0, before.versions.length)).toEqual(before.versions);
              expect(state.versions.map((version) => version.version)).toEqual(state.versions.map((_, i) => i + 1));
            }
            expect(new Map(Object.entries(state?.votes ?? {}))).toEqual(model.votes);
          }
        }),
        { numRuns: 400 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
