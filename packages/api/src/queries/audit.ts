import { streamId } from '@support-engine/domain';
import { StreamNotFoundError } from '@support-engine/eventstore';
import { streamHistory, verifyHistory } from '@support-engine/projections';
import { z } from 'zod';
import { ApiError } from '../errors/codes.js';
import { defineQuery } from '../graphql/secure.js';
import { parseInput } from '../validation.js';

/** Most events one page of a history holds. */
const MAX_HISTORY_PAGE = 1_000;

interface TicketRef {
  readonly ticketId: string;
}

type AuditedCategory = 'ticket' | 'chat' | 'article';

const Page = z.object({
  afterVersion: z.int().min(0).nullish(),
  first: z.int().min(1).max(MAX_HISTORY_PAGE).nullish(),
});

/**
 * A history query: every event of the `category` stream whose id is the argument `arg`, with who,
 * when and why, or a page of them (`first` events after `afterVersion`: versions are the cursor).
 * An id with no events is `NOT_FOUND`, as its verification is: a mistyped id must not read as a
 * history with nothing in it; a page past the end of a stream that exists is empty.
 */
function historyQuery<Arg extends string>(category: AuditedCategory, arg: Arg) {
  return defineQuery<Record<Arg, string> & z.input<typeof Page>>(null, async (args, context) => {
    const { afterVersion, first } = parseInput(Page, { afterVersion: args.afterVersion, first: args.first });
    const { store } = context.services.deps;
    const id = streamId(category, args[arg]);
    const from = (afterVersion ?? 0) + 1;
    const history = await streamHistory(store, id, {
      fromVersion: from,
      ...(first == null ? {} : { toVersion: from + first - 1 }),
    });
    const exists = history.length > 0 || (from > 1 && (await store.readStream(id, { toVersion: 1 })).length > 0);
    if (!exists) throw new ApiError('NOT_FOUND', `No ${category} "${args[arg]}"`);
    return history;
  });
}

/** Every event of a ticket (staff and auditors only, per the policy table). */
export const ticketHistory = historyQuery('ticket', 'ticketId');

/** Every event of a chat; hand-overs by the router carry its reasons in `data.routing`. */
export const chatHistory = historyQuery('chat', 'chatId');

/** Every event of an article: drafts, reviews, approvals, votes, with who, when and why. */
export const articleHistory = historyQuery('article', 'articleId');

/** A verification query: whether the hash chain of the `category` stream named by `arg` is intact, and where it breaks if not. */
function verificationQuery<Arg extends string>(category: AuditedCategory, arg: Arg) {
  return defineQuery<Record<Arg, string>>(null, async (args, context) => {
    const result = await verifyHistory(context.services.deps.store, streamId(category, args[arg])).catch(
      (error: unknown) => {
        // Named as the history query names it: by the caller's id, not the log's stream name.
        if (error instanceof StreamNotFoundError) throw new ApiError('NOT_FOUND', `No ${category} "${args[arg]}"`);
        throw error;
      },
    );
    const altered = result.ok ? [] : result.altered;
    return {
      ...result,
      altered: altered.map((event) => ({ ...event, globalPosition: event.globalPosition?.toString() ?? null })),
    };
  });
}

/** Whether the ticket's hash chain is intact, and where it breaks if not. */
export const verifyTicketHistory = verificationQuery('ticket', 'ticketId');

/** Whether the chat's hash chain is intact, and where it breaks if not. */
export const verifyChatHistory = verificationQuery('chat', 'chatId');

/** Whether the article's hash chain is intact, and where it breaks if not. */
export const verifyArticleHistory = verificationQuery('article', 'articleId');

const instant = (ms: number | null) => (ms === null ? null : new Date(ms));

/** The live SLA clocks from the ticket's workflow; `null` without a Temporal connection or workflow. */
export const ticketSla = defineQuery<TicketRef>(null, async (args, context) => {
  const status = await context.services.deps.sla?.ticketSla(args.ticketId, context.services.deps.clock());
  if (!status) return null;
  return {
    at: new Date(status.now),
    status: status.status,
    policyId: status.policyId,
    priority: status.priority,
    metrics: Object.values(status.metrics).map((metric) => ({
      ...metric,
      warningAt: instant(metric.warningAt),
      breachAt: instant(metric.breachAt),
      warnedAt: instant(metric.warnedAt),
      breachedAt: instant(metric.breachedAt),
      completedAt: instant(metric.completedAt),
    })),
    escalation: status.escalation && {
      thresholdMs: status.escalation.thresholdMs,
      reachedAt: instant(status.escalation.reachedAt),
      dueAt: instant(status.escalation.dueAt),
    },
    nextAutomation: status.automation
      ? {
          kind: status.automation.kind,
          reminder: status.automation.kind === 'reminder' ? status.automation.n : null,
          reason: status.automation.kind === 'auto_close' ? status.automation.reason : null,
          dueAt: new Date(status.automation.dueAt),
        }
      : null,
  };
});
