import type { Client } from '@urql/core';
import { createApiClient } from './client.ts';
import { type Session, signOut } from './session.svelte.ts';

let current: { token: string; client: Client } | undefined;

/**
 * The GraphQL client of `session`, made once per token. A token the API refuses (expired) signs
 * the user out, and the layout then takes them to sign in again.
 */
export function apiClient(session: Session): Client {
  if (current?.token !== session.token) current = { token: session.token, client: createApiClient(session, signOut) };
  return current.client;
}
