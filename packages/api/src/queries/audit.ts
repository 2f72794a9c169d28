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

/** The stream a history query reads, and how a missing one is named to the caller. */
type StreamOf<Args> = (args: Args) => { readonly streamId: string; readonly missing: string };

/** The stream of the `category` aggregate whose id is the argument `arg` (named by that id, not the log's stream name). */
const aggregate =
  <Arg extends string>(category: AuditedCategory, arg: Arg): StreamOf<Record<Arg, string>> =>
  (args) => ({ streamId: streamId(category, args[arg]), missing: `No ${category} "${args[arg]}"` });

/** Any stream of the log, by its own name (`agent-agent-ada`, `customer-cust-alice`, `slaconfig-default`...). */
const anyStream: StreamOf<{ streamId: string }> = (args) => ({
  streamId: args.streamId,
  missing: `No stream "${args.streamId}" in the event log`,
});

const Page = z.object({
  afterVersion: z.int().min(0).nullish(),
  first: z.int().min(1).max(MAX_HISTORY_PAGE).nullish(),
});

/**
 * A history query: every event of a stream, with who, when and why, or a page of them (`first`
 * events after `afterVersion`: versions are the cursor). A stream with no events is `NOT_FOUND`,
 * as its verification is: a mistyped id must not read as a history with nothing in it; a page past
 * the end of a stream that exists is empty.
 */
function historyQuery<Args extends object>(streamOf: StreamOf<Args>) {
  return defineQuery<Args & z.input<typeof Page>>(null, async (args, context) => {
    const { afterVersion, first } = parseInput(Page, { afterVersion: args.afterVersion, first: args.first });
    const { store } = context.services.deps;
    const { streamId: id, missing } = streamOf(args);
    const from = (afterVersion ?? 0) + 1;
    const history = await streamHistory(store, id, {
      fromVersion: from,
      ...(first == null ? {} : { toVersion: from + first - 1 }),
    });
    const exists = history.length > 0 || (from > 1 && (await store.readStream(id, { toVersion: 1 })).length > 0);
    if (!exists) throw new ApiError('NOT_FOUND', missing);
    return history;
  });
}

/** Every event of a ticket (staff and auditors only, per the policy table). */
export const ticketHistory = historyQuery(aggregate('ticket', 'ticketId'));

/** Every event of a chat; hand-overs by the router carry its reasons in `data.routing`. */
export const chatHistory = historyQuery(aggregate('chat', 'chatId'));

/** Every event of an article: drafts, reviews, approvals, votes, with who, when and why. */
export const articleHistory = historyQuery(aggregate('article', 'articleId'));

/** Every event of any stream: agents, customers, staff profiles, the SLA configuration, webhook endpoints... */
export const streamEvents = historyQuery(anyStream);

/** A verification query: whether the hash chain of a stream is intact, and where it breaks if not. */
function verificationQuery<Args extends object>(streamOf: StreamOf<Args>) {
  return defineQuery<Args>(null, async (args, context) => {
    const { streamId: id, missing } = streamOf(args);
    const result = await verifyHistory(context.services.deps.store, id).catch((error: unknown) => {
      if (error instanceof StreamNotFoundError) throw new ApiError('NOT_FOUND', missing);
      throw error;
    });
    const altered = result.ok ? [] : result.altered;
    return {
      ...result,
      altered: altered.map((event) => ({ ...event, globalPosition: event.globalPosition?.toString() ?? null })),
    };
  });
}

/** Whether the ticket's hash chain is intact, and where it breaks if not. */
export const verifyTicketHistory = verificationQuery(aggregate('ticket', 'ticketId'));

/** Whether the chat's hash chain is intact, and where it breaks if not. */
export const verifyChatHistory = verificationQuery(aggregate('chat', 'chatId'));

/** Whether the article's hash chain is intact, and where it breaks if not. */
export const verifyArticleHistory = verificationQuery(aggregate('article', 'articleId'));

/** Whether any stream's hash chain is intact, and where it breaks if not. */
export const verifyStream = verificationQuery(anyStream);

const instant = (ms: number | null) => (ms === null ? null : new Date(ms));

/**
 * The live SLA clocks from the ticket's workflow; `null` without a Temporal connection or workflow
 * (a ticket long closed); `NOT_FOUND` for a ticket the log never held, as its history is.
 */
export const ticketSla = defineQuery<TicketRef>(null, async (args, context) => {
  const { store, sla, clock } = context.services.deps;
  const status = await sla?.ticketSla(args.ticketId, clock());
  if (!status) {
    const { streamId: id, missing } = aggregate('ticket', 'ticketId')(args);
    if ((await store.readStream(id, { toVersion: 1 })).length === 0) throw new ApiError('NOT_FOUND', missing);
    return null;
  }
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
