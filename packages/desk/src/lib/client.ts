import { Client, type CombinedError, fetchExchange, mapExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient } from 'graphql-ws';
import type { Session } from './session.svelte.ts';

/** Where the API answers GraphQL: the origin that served the desk. */
const GRAPHQL_PATH = '/graphql';

/** Whether the API refused the token itself (expired, or not valid): signing in again is the way out. */
export function refusesToken(error: CombinedError): boolean {
  return error.graphQLErrors.some((graphQLError) => graphQLError.extensions.code === 'UNAUTHENTICATED');
}

/**
 * A GraphQL client speaking for `session`: queries and mutations over HTTP, subscriptions over
 * one WebSocket (graphql-ws), opened on the first subscription, the token in its `connection_init`.
 * `onTokenRefused` runs when the API refuses the token (see {@link refusesToken}).
 */
export function createApiClient(session: Session, onTokenRefused: () => void): Client {
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
      mapExchange({
        onError(error) {
          if (refusesToken(error)) onTokenRefused();
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: sockets.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
}
