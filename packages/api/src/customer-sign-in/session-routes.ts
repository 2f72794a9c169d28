import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { customerTokenFor, startSession } from './credentials.js';
import type { SignInDeps } from './deps.js';
import { readSignInLink } from './link-token.js';
import { refuseSignIn } from './refusal.js';
import { sessionCustomer, sessionTokenHash, signOut } from './store.js';

/** Where a sign-in link is exchanged for a session. */
export const SIGN_IN_SESSION_PATH = '/help/v1/sign-in/session';
/** Where a session gets a new customer token. */
export const SESSION_TOKEN_PATH = '/help/v1/session/token';
/** Where a session ends. */
export const SIGN_OUT_PATH = '/help/v1/sign-out';

// Any text of a bounded length is a token to check: one that is not a link's or a session's is
// refused as such (`SIGN_IN_LINK_INVALID`, `SESSION_INVALID`), never as bad input.
const LinkBody = z.object({ token: z.string().max(4_000) }).strict();
const SessionBody = z.object({ sessionToken: z.string().max(1_000) }).strict();

/**
 * The session endpoints (docs/help-center.md#signing-in-to-my-requests):
 * - `POST /help/v1/sign-in/session` `{ token }`: the link's token for a session (30 days) and a
 *   first customer token; 400 `SIGN_IN_LINK_INVALID` (malformed, altered, another key's), 410
 *   `SIGN_IN_LINK_EXPIRED`, 410 `SIGN_IN_LINK_USED` (a link opens one session, however concurrently followed);
 * - `POST /help/v1/session/token` `{ sessionToken }`: a new customer token; 401 `SESSION_INVALID`
 *   (unknown, expired or signed out);
 * - `POST /help/v1/sign-out` `{ sessionToken }`: 204, whatever the session (idempotent).
 * Input of the wrong shape is 400 `SIGN_IN_INPUT_INVALID`; a refusal writes nothing.
 */
export function registerSessionRoutes(app: FastifyInstance, deps: SignInDeps): void {
  app.post(SIGN_IN_SESSION_PATH, async (req, reply) => {
    const body = LinkBody.safeParse(req.body);
    if (!body.success)
      return refuseSignIn(reply, 'SIGN_IN_INPUT_INVALID', `Invalid sign-in: ${z.prettifyError(body.error)}`);
    const now = deps.clock();
    const link = await readSignInLink(deps.linkKey, body.data.token, now);
    if (link.kind === 'invalid')
      return refuseSignIn(reply, 'SIGN_IN_LINK_INVALID', 'This sign-in link is not valid: ask for a new one');
    if (link.kind === 'expired')
      return refuseSignIn(reply, 'SIGN_IN_LINK_EXPIRED', 'This sign-in link has expired: ask for a new one');
    const session = await startSession(deps.db, deps.issuer, link.customerId, link.linkId, now);
    if (session === undefined)
      return refuseSignIn(reply, 'SIGN_IN_LINK_USED', 'This sign-in link was used already: ask for a new one');
    return reply.header('cache-control', 'no-store').send(session);
  });

  app.post(SESSION_TOKEN_PATH, async (req, reply) => {
    const body = SessionBody.safeParse(req.body);
    if (!body.success)
      return refuseSignIn(reply, 'SIGN_IN_INPUT_INVALID', `Invalid request: ${z.prettifyError(body.error)}`);
    const now = deps.clock();
    const customerId = await sessionCustomer(deps.db, sessionTokenHash(body.data.sessionToken), now);
    if (customerId === undefined)
      return refuseSignIn(reply, 'SESSION_INVALID', 'This session has ended (expired or signed out): sign in again');
    return reply.header('cache-control', 'no-store').send(await customerTokenFor(deps.issuer, customerId));
  });

  app.post(SIGN_OUT_PATH, async (req, reply) => {
    const body = SessionBody.safeParse(req.body);
    if (!body.success)
      return refuseSignIn(reply, 'SIGN_IN_INPUT_INVALID', `Invalid request: ${z.prettifyError(body.error)}`);
    await signOut(deps.db, sessionTokenHash(body.data.sessionToken), deps.clock());
    return reply.status(204).header('cache-control', 'no-store').send();
  });
}
