import type { Client } from '@urql/core';
import { createApiClient, GRAPHQL_PATH } from './client.ts';
import { live as status } from './live/status.svelte.ts';
import { createLive, type Live } from './live/transport.ts';
import { type Session, session as signedIn, signOut } from './session.svelte.ts';

let current: { who: string; client: Client; live: Live } | undefined;

/** Whom a session speaks for: a new token for the same person keeps the client. */
const whoOf = (session: Session) => `${session.role}:${session.sub}`;

/**
 * The GraphQL client of `session`, made once per person signed in: each request sends the
 * session's current token (renewed before it expires, see `renewal.svelte.ts`). A token the API
 * refuses signs the user out, and the layout then takes them to sign in again.
 */
export function apiClient(session: Session): Client {
  const who = whoOf(session);
  if (current?.who !== who) {
    current?.live.dispose();
    const token = () => signedIn.current?.token ?? session.token;
    const live = createLive({
      url: new URL(GRAPHQL_PATH, window.location.href).href,
      token,
      status,
      onTokenRefused: signOut,
    });
    current = { who, client: createApiClient(token, live, signOut), live };
  }
  return current.client;
}

/** Makes every subscription again with the session's token, which was just renewed. */
export function restartSubscriptions(): void {
  current?.live.restart();
}
