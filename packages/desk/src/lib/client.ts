import { Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient } from 'graphql-ws';
import type { Session } from './session.svelte.ts';

/** Where the API answers GraphQL: the origin that served the desk. */
const GRAPHQL_PATH = '/graphql';

/**
 * A GraphQL client speaking for `session`: queries and mutations over HTTP, subscriptions over
 * one WebSocket (graphql-ws), opened on the first subscription, the token in its `connection_init`.
 */
export function createApiClient(session: Session): Client {
  const socketUrl = new URL(GRAPHQL_PATH, window.location.href);
  socketUrl.protocol = socketUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  const sockets = createWsClient({
    url: socketUrl.href,
    connectionParams: { authorization: `Bearer ${session.token}` },
    lazy: true,
  });
  return new Client({
    url: GRAPHQL_PATH,
    // Lists change under the user's eyes (other agents, the router): ask each time.
    requestPolicy: 'network-only',
    preferGetMethod: false,
    fetchOptions: () => ({ headers: { authorization: `Bearer ${session.token}` } }),
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: sockets.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
}
