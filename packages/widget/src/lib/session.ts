import type { Identity } from './protocol.ts';

/** Where the frame asks the engine for a visitor's session (same origin as the frame). */
export const SESSION_PATH = '/widget/v1/session';

/** The sessionStorage key of the visitor's credential (the tab's only: never localStorage). */
export const VISITOR_TOKEN_KEY = 'support-widget:visitor';

/** What `POST /widget/v1/session` answers. */
export interface WidgetSession {
  /** The customer token for the GraphQL API: kept in memory only. */
  readonly token: string;
  readonly expiresAt: string;
  readonly customerId: string;
  readonly visitorToken: string;
  readonly identified: boolean;
}

/** A refusal of the engine's, by its stable code (the widget says it in the visitor's language). */
export class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What the frame sends for a session. */
export interface SessionRequest {
  readonly widgetKey: string;
  readonly hostOrigin: string;
  readonly visitorToken: string | null;
  readonly identity: Identity | null;
}

const isSession = (value: unknown): value is WidgetSession => {
  if (typeof value !== 'object' || value === null) return false;
  const { token, expiresAt, customerId, visitorToken } = value as Record<string, unknown>;
  return [token, expiresAt, customerId, visitorToken].every((field) => typeof field === 'string');
};

/** Reads an answer of the engine's `/widget/v1/` endpoints: its body, or the {@link Refusal} it carries. */
export async function answerOf(response: Response): Promise<unknown> {
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body;
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : `HTTP_${response.status}`;
  throw new Refusal(code, typeof error?.message === 'string' ? error.message : response.statusText);
}

/** Asks the engine for a session: a new visitor, the same one again (its credential), or an identified user. */
export async function requestSession(request: SessionRequest, fetcher: typeof fetch = fetch): Promise<WidgetSession> {
  const body = {
    widgetKey: request.widgetKey,
    hostOrigin: request.hostOrigin,
    ...(request.visitorToken === null ? {} : { visitorToken: request.visitorToken }),
    ...(request.identity === null ? {} : { identity: request.identity }),
  };
  const response = await fetcher(SESSION_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const session = await answerOf(response);
  if (!isSession(session)) throw new Refusal('HTTP_BAD_ANSWER', 'the engine answered no session');
  return session;
}

/** How long before `expiresAt` a session is renewed: a minute, or a fifth of a shorter life. */
export function renewalDelay(expiresAt: string, now: number): number {
  const left = Date.parse(expiresAt) - now;
  if (!Number.isFinite(left) || left <= 0) return 0;
  return Math.max(0, left - Math.min(60_000, left / 5));
}
