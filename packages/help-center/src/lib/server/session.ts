import type { HelpCenterContext } from './context';

/**
 * The help center's side of the customer's sign-in: the engine's `/help/v1/` endpoints (an
 * emailed link exchanged for a session, the session for short-lived customer tokens, sign-out),
 * and the customer tokens kept in memory per session until a minute before they expire.
 */

/** What a sign-in gives: the session the cookie keeps, and a first customer token. */
export interface SessionGrant {
  readonly sessionToken: string;
  readonly sessionExpiresAt: string;
  readonly customerToken: string;
  readonly customerTokenExpiresAt: string;
  readonly customerId: string;
}

/** A customer token the GraphQL API accepts as this customer. */
export interface CustomerToken {
  readonly customerToken: string;
  readonly customerTokenExpiresAt: string;
  readonly customerId: string;
}

/** The engine refused: its stable code (SIGN_IN_LINK_USED, SESSION_INVALID...) and HTTP status. */
export class SignInRefusal extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A customer token is used until this long before it expires (a page's calls never race its end). */
export const TOKEN_MARGIN_MS = 60_000;
/** At most this many sessions' tokens are kept; the oldest entry goes first beyond it. */
const CACHE_LIMIT = 10_000;

/** Whether a token expiring at `expiresAt` may still be used at `now` (more than the margin left). */
export function isFresh(expiresAt: string, now: number): boolean {
  return Date.parse(expiresAt) - TOKEN_MARGIN_MS > now;
}

/** Where the engine's sign-in endpoints answer: beside its GraphQL API. */
function endpoint(context: HelpCenterContext, path: string): string {
  return new URL(`/help/v1/${path}`, context.graphqlUrl).toString();
}

/** Posts (or gets) JSON to an endpoint; a refusal's `{ error: { code, message } }` throws {@link SignInRefusal}. */
async function call<T>(context: HelpCenterContext, path: string, body?: unknown): Promise<T | null> {
  const response = await fetch(endpoint(context, path), {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...context.visitorHeaders,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status === 204) return null;
  const text = await response.text();
  const parsed = text === '' ? null : (JSON.parse(text) as unknown);
  if (response.ok) return parsed as T;
  const refusal = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
  throw new SignInRefusal(refusal?.code ?? `HTTP_${response.status}`, response.status, refusal?.message ?? text);
}

/** Mails a sign-in link to `email` (the engine answers the same whether it is a customer's or not). */
export async function requestSignInLink(
  context: HelpCenterContext,
  input: { readonly email: string; readonly language: string; readonly returnTo?: string },
): Promise<void> {
  await call(context, 'sign-in/link', input);
}

/** Exchanges an emailed link's token for a session (once: a used or expired link is refused). */
export async function exchangeSignInLink(context: HelpCenterContext, token: string): Promise<SessionGrant> {
  return remember((await call<SessionGrant>(context, 'sign-in/session', { token })) as SessionGrant);
}

/** The development sign-in's customers; null where the engine has none (production: 404). */
export async function developmentCustomers(
  context: HelpCenterContext,
): Promise<readonly { readonly id: string; readonly name: string }[] | null> {
  try {
    return ((await call<{ customers: { id: string; name: string }[] }>(context, 'sign-in/dev')) ?? { customers: [] })
      .customers;
  } catch (refusal) {
    if (refusal instanceof SignInRefusal && refusal.status === 404) return null;
    throw refusal;
  }
}

/** Development only: a session as `customerId`, without mail. */
export async function developmentSignIn(context: HelpCenterContext, customerId: string): Promise<SessionGrant> {
  return remember((await call<SessionGrant>(context, 'sign-in/dev', { customerId })) as SessionGrant);
}

const tokens = new Map<string, CustomerToken>();

function remember<T extends CustomerToken & { readonly sessionToken?: string }>(grant: T, sessionToken?: string): T {
  const key = sessionToken ?? grant.sessionToken;
  if (key === undefined) return grant;
  tokens.delete(key);
  if (tokens.size >= CACHE_LIMIT) tokens.delete(tokens.keys().next().value as string);
  tokens.set(key, {
    customerToken: grant.customerToken,
    customerTokenExpiresAt: grant.customerTokenExpiresAt,
    customerId: grant.customerId,
  });
  return grant;
}

/**
 * A customer token for the session: the one kept in memory while it has more than a minute left,
 * else a new one from the engine. Null when the engine no longer knows the session (expired,
 * signed out: SESSION_INVALID).
 */
export async function customerTokenOf(
  context: HelpCenterContext,
  sessionToken: string,
  now = Date.now(),
): Promise<CustomerToken | null> {
  const kept = tokens.get(sessionToken);
  if (kept !== undefined && isFresh(kept.customerTokenExpiresAt, now)) return kept;
  tokens.delete(sessionToken);
  try {
    const fresh = (await call<CustomerToken>(context, 'session/token', { sessionToken })) as CustomerToken;
    return remember(fresh, sessionToken);
  } catch (refusal) {
    if (refusal instanceof SignInRefusal && refusal.status === 401) return null;
    throw refusal;
  }
}

/** Ends the session at the engine and forgets its token here. */
export async function signOut(context: HelpCenterContext, sessionToken: string): Promise<void> {
  tokens.delete(sessionToken);
  await call(context, 'sign-out', { sessionToken });
}
