import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import type { ResultOf } from '../graphql';
import { TicketUpdatedSubscription } from './queries';

/**
 * Follows a ticket over the engine's graphql-ws socket (same origin as the help center's pages),
 * as the customer of the token `token()` returns at each connection (kept in memory only: it is
 * the page's data), and calls `onChange` with the ticket's version at each change the customer may
 * see, `onConnected` each time the socket is up. Returns the stop.
 */
export function followTicket(
  ticketId: string,
  token: () => string,
  onChange: (version: number) => void,
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
  const stop = client.subscribe<ResultOf<typeof TicketUpdatedSubscription>>(
    { query: print(TicketUpdatedSubscription), variables: { ticketId } },
    {
      next: ({ data }) => {
        if (data) onChange(data.ticketUpdated.version);
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
