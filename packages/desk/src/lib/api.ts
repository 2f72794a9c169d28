import type { Client } from '@urql/core';
import { createApiClient } from './client.ts';
import type { Session } from './session.svelte.ts';

let current: { token: string; client: Client } | undefined;

/** The GraphQL client of `session`, made once per token. */
export function apiClient(session: Session): Client {
  if (current?.token !== session.token) current = { token: session.token, client: createApiClient(session) };
  return current.client;
}
