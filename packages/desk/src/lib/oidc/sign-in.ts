import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { resolve } from '$app/paths';
import type { Session } from '../session.svelte.ts';
import { sessionFromClaims } from './claims.ts';
import type { IdentityProvider } from './provider.ts';

/**
 * oidc-client-ts for `provider`: authorization code with PKCE (the library's only code flow),
 * back to `/desk/sign-in/callback`; its state kept for the tab, as the desk's session is.
 */
function userManager(provider: IdentityProvider): UserManager {
  const store = new WebStorageStateStore({ store: sessionStorage });
  return new UserManager({
    authority: provider.issuer,
    client_id: provider.clientId,
    redirect_uri: new URL(resolve('/sign-in/callback'), window.location.href).href,
    response_type: 'code',
    scope: provider.scopes,
    userStore: store,
    stateStore: store,
    loadUserInfo: false,
    // The desk renews its token itself (renewal.ts), with the session's, and restarts its subscriptions.
    automaticSilentRenew: false,
  });
}

/**
 * A new access token without leaving the page: the refresh token the provider gave at sign-in
 * (oidc-client-ts's `signinSilent` uses it when there is one; without one it would try the
 * provider in a hidden frame, which the desk's Content-Security-Policy does not allow, and fail).
 */
export async function renewAtProvider(provider: IdentityProvider): Promise<string> {
  const user = await userManager(provider).signinSilent();
  if (user === null) throw new Error('the provider gave no token');
  return user.access_token;
}

/**
 * Ends the user's session at the provider too (its `end_session_endpoint`, RP-initiated logout),
 * which then sends them back to the desk's sign-in page (a post-logout redirect URI registered
 * for the desk at the provider). Fails when the provider has no such endpoint.
 */
export function signOutAtProvider(provider: IdentityProvider): Promise<void> {
  return userManager(provider).signoutRedirect({
    post_logout_redirect_uri: new URL(resolve('/sign-in'), window.location.href).href,
  });
}

/** Leaves for the provider's sign-in page (it comes back to the callback route). */
export function startSignIn(provider: IdentityProvider): Promise<void> {
  return userManager(provider).signinRedirect();
}

/** Exchanges the code the provider sent back (this page's URL) for tokens: the desk's session. */
export async function finishSignIn(provider: IdentityProvider): Promise<Session> {
  const user = await userManager(provider).signinRedirectCallback();
  return sessionFromClaims(user.profile, provider.roleClaim, user.access_token);
}
