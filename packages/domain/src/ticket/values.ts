import { z } from 'zod';
import { ArticleTitle } from '../article/values.js';
import { MessageAttachments } from '../attachment/values.js';
import { Id } from '../shared/actor.js';
import { Instant } from '../shared/time.js';
import { LanguageTag } from '../shared/values.js';

export { PRIORITIES_MOST_URGENT_FIRST, priorityRank, SlaMetric, TicketPriority } from '../shared/values.js';

/** Where a ticket came from. `chat` tickets are converted chats and may carry the transcript. */
export const TicketChannel = z.enum(['email', 'web', 'chat', 'phone', 'api']);
export type TicketChannel = z.infer<typeof TicketChannel>;

/** Who may read an agent message: `internal` notes are never shown to the customer. */
export const Visibility = z.enum(['public', 'internal']);
export type Visibility = z.infer<typeof Visibility>;

/** Support tier (level 1, 2, 3). New tickets start at tier 1. */
export const Tier = z.literal([1, 2, 3]);
export type Tier = z.infer<typeof Tier>;

/** The highest support tier; escalating beyond it is refused. */
export const MAX_TIER: Tier = 3;

/** Why a ticket moves up a tier (docs/domain.md#escalation-and-tiers). */
export const EscalationReason = z.enum(['sla_breach', 'complexity', 'customer_request', 'missed_callback']);
export type EscalationReason = z.infer<typeof EscalationReason>;

/** Which reminder of a waiting period: the first (day 3) or the second (day 5) by default. */
export const ReminderNumber = z.literal([1, 2]);
export type ReminderNumber = z.infer<typeof ReminderNumber>;

/** A ticket subject. */
export const Subject = z.string().trim().min(1).max(300);
/**
 * A subject as a command sends it: one line, since mail subjects, lists and notifications show it
 * so. Line breaks and tabs (a subject pasted from a mail, a form's textarea) and the spaces around
 * them become one space.
 */
export const SubjectInput = z
  .string()
  .transform((subject) => subject.replace(/\s*[\t\n\v\f\r\u0085\u2028\u2029]\s*/g, ' '))
  .pipe(Subject);
/** The text of a message or description. */
export const MessageBody = z.string().trim().min(1).max(20_000);
/** The text of a message, which may be empty when files sent with it say it all (a screenshot). */
export const MessageText = z.string().trim().max(20_000);

/** Whether a message says something: words, files, or both. */
export function hasMessageContent(message: {
  readonly body: string;
  readonly attachments?: readonly unknown[];
}): boolean {
  return message.body !== '' || (message.attachments?.length ?? 0) > 0;
}

/** The refinement every message command carries: words, files or both (`VALIDATION_FAILED` on `body`). */
export const MESSAGE_CONTENT: [
  (command: { readonly data: { readonly body: string; readonly attachments?: readonly unknown[] } }) => boolean,
  { message: string; path: string[] },
] = [
  (command) => hasMessageContent(command.data),
  { message: 'a message needs words or at least one file', path: ['data', 'body'] },
];
/** A free-form ticket category (e.g. `billing`), matched against agent skills, as events record it. */
export const Category = z.string().trim().min(1).max(100);
/**
 * A category as a command sets it: also without control characters, since reports group by it
 * and charts label it. Events keep {@link Category}, so those recorded before still read.
 */
export const CategoryInput = Category.refine(
  (category) => !/\p{Cc}/u.test(category),
  'a category has no control characters (line breaks, tabs)',
);
/** Why someone did something, recorded in the event's provenance. */
export const Reason = z.string().trim().min(1).max(2_000);

/** One line of a chat transcript carried by a ticket converted from a chat. */
export const TranscriptLine = z
  .object({
    from: z.enum(['customer', 'agent', 'system']),
    /** Who wrote it in the chat (absent from transcripts carried before lines named their author). */
    authorId: Id.optional(),
    /** Empty for a line that only sent files. */
    body: MessageText,
    at: Instant,
    /** The files sent with it in the chat (left out when none). */
    attachments: MessageAttachments.min(1).optional(),
  })
  .strict();
export type TranscriptLine = z.infer<typeof TranscriptLine>;

/** A chat transcript; long chats are rare, a bound keeps one event reasonably small. */
export const Transcript = z.array(TranscriptLine).max(1_000);

/**
 * A knowledge-base article an agent's message points the customer to: the article, the locale it
 * was shown in, the published version when the agent linked one in particular, and the title the
 * customer is shown (that version's, or the live one's), which the message's notification lists.
 * The API fills the title in from the knowledge base; an embedder may leave it out.
 */
export const LinkedArticle = z
  .object({
    articleId: Id,
    locale: LanguageTag,
    version: z.int().positive().optional(),
    title: ArticleTitle.optional(),
  })
  .strict();
export type LinkedArticle = z.infer<typeof LinkedArticle>;

/** The articles one message links, each at most once (by id). */
export const LinkedArticles = z
  .array(LinkedArticle)
  .max(10)
  .refine((links) => new Set(links.map((link) => link.articleId)).size === links.length, 'link each article once');
