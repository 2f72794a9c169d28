import { untrack } from 'svelte';

/** How subscriptions reach the API: one WebSocket (graphql-ws), or server-sent events, a stream per subscription. */
export type LiveTransport = 'websocket' | 'sse';

/** The live connection as the page shows it and the screens follow it. */
export interface LiveStatus {
  /** The transport in use: the WebSocket until it could not open once, then SSE for the page's life. */
  transport: LiveTransport;
  /** The connection dropped and is being made again (the layout says so). */
  lost: boolean;
  /**
   * How often the subscriptions were made again after a loss or a new token: a screen reads
   * what it shows again when this grows (what changed meanwhile was told to nobody).
   */
  resumed: number;
}

/** The page's live connection (one per tab: the signed-in user's client). */
export const live = $state<LiveStatus>({ transport: 'websocket', lost: false, resumed: 0 });

/**
 * In a component: runs `read` each time the subscriptions were made again (not at first), so the
 * screen shows what changed while nobody told it.
 */
export function whenResumed(read: () => void): void {
  $effect(() => {
    if (live.resumed === 0) return;
    untrack(read);
  });
}
