import { Client, type CombinedError, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createSocket } from 'graphql-ws';
import { Refusal } from './session.ts';

/** Where the API answers GraphQL: the frame's own origin. */
const GRAPHQL_PATH = '/graphql';

/** The first refusal code of a GraphQL error (`BAD_USER_INPUT`, `CHAT_ALREADY_OPEN`, ...). */
export function codeOf(error: CombinedError | undefined): string | null {
  if (error === undefined) return null;
  const code = error.graphQLErrors[0]?.extensions.code;
  return typeof code === 'string' ? code : error.networkError ? 'NETWORK' : 'UNKNOWN';
}

/** Throws a result's error as a {@link Refusal} (its code), else gives its data. */
export function dataOf<T>(result: { data?: T | null; error?: CombinedError }): T {
  const code = codeOf(result.error);
  if (code !== null || result.data == null) throw new Refusal(code ?? 'UNKNOWN', result.error?.message ?? 'no data');
  return result.data;
}

/**
 * The visitor's GraphQL client: HTTP for queries and mutations, one graphql-ws socket for
 * subscriptions, both with the token of the moment (`token()`: a renewed one from the next
 * request or connection on). The token lives in this closure only, never in storage.
 */
export function createWidgetClient(token: () => string): Client {
  const url = new URL(GRAPHQL_PATH, location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = createSocket({
    url: url.href,
    connectionParams: () => ({ authorization: `Bearer ${token()}` }),
    lazy: true,
    retryAttempts: 5,
  });
  return new Client({
    url: GRAPHQL_PATH,
    requestPolicy: 'network-only',
    preferGetMethod: false,
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token()}` } }),
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({
            unsubscribe: socket.subscribe(
              {
                query: request.query ?? '',
                variables: request.variables ?? null,
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
