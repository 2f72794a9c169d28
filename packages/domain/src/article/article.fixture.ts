// Shared fixtures of the knowledge-base tests (test support, not a test: `*.fixture.ts` is neither run nor built).
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { deciderSpec } from '../testing/decider-spec.js';
import type { ArticleCommand } from './commands.js';
import type { ArticleEvent } from './events.js';
import { articleDecider } from './index.js';
import type { ArticleState } from './state.js';
import type { ArticleContentInput } from './values.js';

export const T0 = new Date('2026-03-02T09:00:00.000Z');
export const ARTICLE_ID = 'reset-password';

export const AGENT: Actor = { id: 'agent-1', role: 'agent' };
export const OTHER_AGENT: Actor = { id: 'agent-2', role: 'agent' };
export const SUPERVISOR: Actor = { id: 'supervisor-1', role: 'supervisor' };
export const ADMIN: Actor = { id: 'admin-1', role: 'admin' };
export const CUSTOMER: Actor = { id: 'customer-1', role: 'customer' };
export const AUDITOR: Actor = { id: 'auditor-1', role: 'auditor' };
export const SYSTEM: Actor = { id: 'automation', role: 'system' };

export const CONTENT = {
  title: 'Reset your password',
  slug: 'reset-your-password',
  body: '1. Open **Settings**\n2. Choose *Reset*',
} satisfies ArticleContentInput;

/** One command, as `actor`, from its type and data. */
export function command<T extends ArticleCommand['type']>(
  type: T,
  data: Omit<Extract<ArticleCommand, { type: T }>['data'], 'articleId'> & { articleId?: string },
): ArticleCommand {
  return { type, data: { articleId: ARTICLE_ID, ...data } } as ArticleCommand;
}

export const create = command('CreateArticleDraft', { locale: 'en', content: CONTENT });
export const submit = command('SubmitArticleForReview', {});
export const approve = command('ApproveArticle', {});
export const startRevision = command('StartArticleRevision', {});

/** The events `actor`'s command decides on the history, at `now`. */
export function decide(history: readonly ArticleEvent[], input: ArticleCommand, actor: Actor, now = T0) {
  return deciderSpec(articleDecider).given(history).when(input, { now, actor }).events();
}

/** Runs `[command, actor]` steps one after another; returns every event. */
export function history(...steps: readonly (readonly [ArticleCommand, Actor])[]): ArticleEvent[] {
  const events: ArticleEvent[] = [];
  for (const [input, actor] of steps) events.push(...decide(events, input, actor));
  return events;
}

/** The state the events fold to. */
export function stateOf(events: readonly ArticleEvent[]): ArticleState {
  return fold(articleDecider, events);
}

/** An article written by AGENT and published as version 1 by SUPERVISOR. */
export const PUBLISHED = history([create, AGENT], [submit, AGENT], [approve, SUPERVISOR]);
