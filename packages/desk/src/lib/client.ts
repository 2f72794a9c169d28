import { Client, type CombinedError, fetchExchange, mapExchange, subscriptionExchange } from '@urql/core';
import type { Live } from './live/transport.ts';

/** Where the API answers GraphQL: the origin that served the desk. */
export const GRAPHQL_PATH = '/graphql';

/** Whether the API refused the token itself (expired, or not valid): signing in again is the way out. */
export function refusesToken(error: CombinedError): boolean {
  return error.graphQLErrors.some((graphQLError) => graphQLError.extensions.code === 'UNAUTHENTICATED');
}

/**
 * A GraphQL client: queries and mutations over HTTP with the token of the moment (`token()`, so
 * a renewed token is used from the next request on), subscriptions through `live` (a WebSocket,
 * or server-sent events where it cannot open). `onTokenRefused` runs when the API refuses the
 * token (see {@link refusesToken}).
 */
export function createApiClient(token: () => string, live: Live, onTokenRefused: () => void): Client {
  return new Client({
    url: GRAPHQL_PATH,
    // Lists change under the user's eyes (other agents, the router): ask each time.
    requestPolicy: 'network-only',
    preferGetMethod: false,
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token()}` } }),
    exchanges: [
      mapExchange({
        onError(error) {
          if (refusesToken(error)) onTokenRefused();
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({
            unsubscribe: live.subscribe(
              {
                query: request.query ?? '',
                ...(request.variables ? { variables: request.variables } : {}),
                ...(request.operationName ? { operationName: request.operationName } : {}),
              },
              sink,
            ),
          }),
        }),
      }),
    ],
  });
}
