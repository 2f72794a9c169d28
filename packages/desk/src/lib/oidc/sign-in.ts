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
    automaticSilentRenew: false,
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
