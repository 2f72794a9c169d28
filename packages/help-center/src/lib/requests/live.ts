import { type DocumentNode, print } from 'graphql';
import { createClient } from 'graphql-ws';
import type { ResultOf, VariablesOf } from '../graphql';
import { ChatUpdatedSubscription, TicketUpdatedSubscription } from './queries';

/** What a live page is told at each change: the version the change made (shown on the page), and more per kind. */
export interface LiveUpdate {
  readonly version: number;
}

/**
 * How a page follows its ticket or chat: the id, the version its data shows (the changes after it
 * are told first, also again each time the socket reconnects; null: from the moment the
 * subscription starts), the customer token at each connection (kept in memory only: it is the
 * page's data), the change and "socket up" callbacks; returns the stop.
 */
export type Follow<U extends LiveUpdate> = (
  id: string,
  afterVersion: number | null,
  token: () => string,
  onChange: (update: U) => void,
  onConnected: () => void,
) => () => void;

/**
 * Subscribes to `subscription` over the engine's graphql-ws socket (same origin as the help
 * center's pages) as the customer of `token()`, calling `onChange` with each result's data and
 * `onConnected` each time the socket is up. Returns the stop.
 */
function follow<D extends DocumentNode & { __apiType?: unknown }>(
  subscription: D,
  variables: VariablesOf<D>,
  token: () => string,
  onChange: (data: ResultOf<D>) => void,
  onConnected: () => void,
): () => void {
  const url = new URL('/graphql', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const client = createClient({
    url: url.href,
    connectionParams: () => ({ authorization: `Bearer ${token()}` }),
    lazy: true,
    retryAttempts: 5,
    on: { connected: onConnected },
  });
  const stop = client.subscribe<ResultOf<D>>(
    { query: print(subscription), variables: variables as Record<string, unknown> },
    {
      next: ({ data }) => {
        if (data) onChange(data);
      },
      error: () => undefined,
      complete: () => undefined,
    },
  );
  return () => {
    stop();
    void client.dispose();
  };
}

/** Follows a ticket: each change the customer may see, with the ticket's version it made. */
export const followTicket: Follow<LiveUpdate> = (ticketId, afterVersion, token, onChange, onConnected) =>
  follow(
    TicketUpdatedSubscription,
    { ticketId, afterVersion },
    token,
    (data) => onChange({ version: data.ticketUpdated.version }),
    onConnected,
  );

/** A chat's change: the message it added (null: none) and the chat's status once the read models hold it. */
export interface ChatLiveUpdate extends LiveUpdate {
  readonly messageId: string | null;
  readonly status: string | null;
}

/** Follows a chat: each change the customer may see (a message from the agent, the chat closed). */
export const followChat: Follow<ChatLiveUpdate> = (chatId, afterVersion, token, onChange, onConnected) =>
  follow(
    ChatUpdatedSubscription,
    { chatId, afterVersion },
    token,
    ({ chatUpdated }) =>
      onChange({
        version: chatUpdated.version,
        messageId: chatUpdated.message?.messageId ?? null,
        status: chatUpdated.chat?.status ?? null,
      }),
    onConnected,
  );
