/**
 * The knowledge base's stream categories (docs/knowledge-base.md#streams): `article` one article,
 * `kbslug` the claim on one (locale, slug), `kbcategory` the category tree, `kbreader` one reader's
 * article views.
 */
export const KB_STREAM_CATEGORIES = ['article', 'kbslug', 'kbcategory', 'kbreader'] as const;

/**
 * Stream naming: one stream per aggregate instance, `<category>-<id>` (`activity` holds a
 * customer's activity signals and proactive suggestions, `customer` their profile and push subscriptions, `custemail` the claim on one email address,
 * `staff` a staff member's alert profile, `webhook` one webhook endpoint, `slaconfig` the SLA configuration, `cannedreplies` the team's canned replies, `heldmail` a message held for review, `mailboxes` the addresses mail comes in at, `widgets` the chat widget keys). The category prefix
 * lets readers of the global log route an event without parsing its data, and matches the
 * Temporal workflow ids (`ticket-<id>`, `chat-<id>`).
 */
export const STREAM_CATEGORIES = [
  'ticket',
  'chat',
  'agent',
  'customer',
  'custemail',
  'activity',
  'staff',
  'webhook',
  'slaconfig',
  'cannedreplies',
  'mailboxes',
  'widgets',
  'heldmail',
  ...KB_STREAM_CATEGORIES,
] as const;
/** The kind of aggregate a stream holds, the part of its id before the first `-` ({@link streamId}). */
export type StreamCategory = (typeof STREAM_CATEGORIES)[number];

/** The stream id of an aggregate instance. */
export function streamId(category: StreamCategory, id: string): string {
  return `${category}-${id}`;
}

/** The category and id of a stream id, or null for a stream outside the engine's naming. */
export function parseStreamId(stream: string): { category: StreamCategory; id: string } | null {
  const dash = stream.indexOf('-');
  if (dash <= 0) return null;
  const category = stream.slice(0, dash);
  const id = stream.slice(dash + 1);
  if (!id || !(STREAM_CATEGORIES as readonly string[]).includes(category)) return null;
  return { category: category as StreamCategory, id };
}
