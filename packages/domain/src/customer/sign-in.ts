import type { TemplateParams } from '../notification/templates.js';
import { readableTime } from '../notification/time.js';

/**
 * A customer's sign-in to "my requests" by an emailed link (docs/help-center.md#signing-in-to-my-requests):
 * how long each credential lives, and what a link and a session are worth at a given time.
 */

/** How long a sign-in link works after it is issued: 15 minutes. */
export const SIGN_IN_LINK_TTL_MS = 15 * 60 * 1000;

/** How long a help-center session lasts after the link that opened it: 30 days. */
export const HELP_SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

/**
 * How long one issued link stands for every request for it: the same address asking again within
 * this window is sent nothing more (a retried request, a double click), the next window a new link.
 */
export const SIGN_IN_LINK_WINDOW_MS = 60 * 1000;

/** The start of the window a link requested at `now` belongs to: its issue time, the same for every request of that window. */
export function signInLinkIssuedAt(now: Date): Date {
  return new Date(Math.floor(now.getTime() / SIGN_IN_LINK_WINDOW_MS) * SIGN_IN_LINK_WINDOW_MS);
}

/** When a link issued at `issuedAt` stops working (from that instant on, it is expired). */
export function signInLinkExpiresAt(issuedAt: Date): Date {
  return new Date(issuedAt.getTime() + SIGN_IN_LINK_TTL_MS);
}

/**
 * The instant before which a used link's record may be forgotten at `now`: its record only keeps
 * the link from opening a second session, and a link used at `usedAt` was issued no later, so from
 * `usedAt` + {@link SIGN_IN_LINK_TTL_MS} on it is expired whatever its issue time.
 */
export function usedSignInLinksForgottenBefore(now: Date): Date {
  return new Date(now.getTime() - SIGN_IN_LINK_TTL_MS);
}

/** Until when a session opened at `now` lasts. */
export function helpSessionExpiresAt(now: Date): Date {
  return new Date(now.getTime() + HELP_SESSION_TTL_MS);
}

/** A session as the engine keeps it: until when it lasts, and when it was signed out of (null: never). */
export interface HelpSession {
  readonly expiresAt: Date;
  readonly signedOutAt: Date | null;
}

/** Whether a session still opens "my requests" at `now`: neither expired nor signed out of. */
export function helpSessionOpen(session: HelpSession, now: Date): boolean {
  return session.signedOutAt === null && now.getTime() < session.expiresAt.getTime();
}

/**
 * Whether `returnTo` is a page of the help center a sign-in may lead back to: a path under
 * `/help/` on the same origin, never another site (`//evil.example`, `/\evil`, a scheme), a way
 * out of `/help/` (`..`) or a line break (header injection).
 */
export function helpReturnPathAllowed(returnTo: string): boolean {
  if (!returnTo.startsWith('/help/') || returnTo.length > 2_000) return false;
  if (/[\\\p{Cc}\s]/u.test(returnTo)) return false;
  const path = returnTo.split(/[?#]/, 1)[0]!;
  return !path.split('/').some((segment) => segment === '..' || segment === '.' || /%2e|%2f|%5c/i.test(segment));
}

/**
 * What the sign-in mail (`customer.sign-in`) fills in: the link, and until when it works in the
 * customer's zone (UTC without one).
 */
export function signInLinkParams(link: string, expiresAt: Date, timeZone: string | null): TemplateParams {
  return { link, dueAt: readableTime(expiresAt.toISOString(), timeZone ?? 'UTC') };
}
