/** Most messages a ticket or chat detail returns (the first ones, in order). */
export const MAX_MESSAGES = 100;

/** Which messages a detail read returns. */
export interface MessageOptions {
  /** `false` for customers: internal notes are then left out entirely. */
  readonly includeInternal: boolean;
  /** The first this many, {@link MAX_MESSAGES} by default and at most. */
  readonly first?: number;
}

/** The number of messages {@link MessageOptions} ask for, within 1 and {@link MAX_MESSAGES}. */
export function messageLimit(options: MessageOptions): number {
  return Math.min(Math.max(options.first ?? MAX_MESSAGES, 1), MAX_MESSAGES);
}
