import { z } from 'zod';

/** How urgent a ticket is (docs/domain.md#priorities); SLA targets are chosen by it. */
export const TicketPriority = z.enum(['low', 'normal', 'high', 'urgent']);
export type TicketPriority = z.infer<typeof TicketPriority>;

/** The priorities from the most urgent: the order of a by-priority list (urgent first). */
export const PRIORITIES_MOST_URGENT_FIRST = [
  'urgent',
  'high',
  'normal',
  'low',
] as const satisfies readonly TicketPriority[];

/** Where a ticket of `priority` sorts in a by-priority list: 0 for urgent, up to 3 for low. */
export function priorityRank(priority: TicketPriority): number {
  return PRIORITIES_MOST_URGENT_FIRST.indexOf(priority);
}

/** The three SLA clocks of a ticket (docs/domain.md#sla-clocks). */
export const SLA_METRICS = ['first_response', 'next_response', 'resolution'] as const;
/** One of {@link SLA_METRICS}. */
export const SlaMetric = z.enum(SLA_METRICS);
export type SlaMetric = z.infer<typeof SlaMetric>;

/** A customer satisfaction score (CSAT), 1 (very unhappy) to 5 (very happy). */
export const CsatScore = z.int().min(1).max(5);
export type CsatScore = z.infer<typeof CsatScore>;

/** A customer's comment on a rating. */
export const CsatComment = z.string().trim().max(2_000);

/** A rating's comment as the customer sends it: one of only spaces is no comment at all. */
export const CsatCommentInput = CsatComment.optional().transform((comment) => comment || undefined);

/** Ratings at or below this open a supervisor follow-up (docs/domain.md#ratings-and-follow-ups). */
export const FOLLOW_UP_MAX_SCORE = 2;

/** True when a CSAT score is low enough to need a supervisor's follow-up. */
export function needsFollowUp(score: CsatScore): boolean {
  return score <= FOLLOW_UP_MAX_SCORE;
}

/** A low rating's follow-up: `open` until a supervisor records it `done`. */
export const FollowUpState = z.enum(['open', 'done']);
export type FollowUpState = z.infer<typeof FollowUpState>;

/** What the supervisor did about a low rating (a call, a refund, a lesson for the team). */
export const FollowUpNote = z.string().trim().min(1).max(2_000);

/**
 * A BCP 47 language tag such as `en` or `pt-BR`, in its conventional case whatever case it came
 * in (`EN` is `en`, `pt-br` is `pt-BR`, `zh-hant` is `zh-Hant`): tags are compared as written,
 * so `EN` and `en` must be one tag.
 */
export const LanguageTag = z
  .string()
  .trim()
  .max(35)
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'expected a BCP 47 language tag such as "en" or "pt-BR"')
  .transform(conventionalCase);

/** Language lower case, a four-letter script capitalized, a two-letter region upper case, the rest lower case. */
function conventionalCase(tag: string): string {
  return tag
    .split('-')
    .map((subtag, index) => {
      if (index === 0) return subtag.toLowerCase();
      if (subtag.length === 2 && /^[A-Za-z]+$/.test(subtag)) return subtag.toUpperCase();
      if (subtag.length === 4 && /^[A-Za-z]+$/.test(subtag))
        return subtag[0]!.toUpperCase() + subtag.slice(1).toLowerCase();
      return subtag.toLowerCase();
    })
    .join('-');
}
