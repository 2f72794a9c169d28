import { restartSubscriptions } from './api.ts';
import { devToken } from './dev-sign-in.ts';
import { signInOptions } from './oidc/provider.ts';
import { renewed, type Session, session } from './session.svelte.ts';
import { expiresAt, renewalAt } from './token-expiry.ts';

/** Wait before trying again after a renewal failed (the token still being valid). */
const RETRY_MS = 10_000;

/** A new token for the person `current` speaks for, the way they signed in. */
async function newToken(current: Session): Promise<string> {
  if (current.via === 'development') return devToken(current);
  const provider = (await signInOptions()).oidc;
  if (provider === null) throw new Error('the engine no longer names an identity provider');
  // oidc-client-ts stays in the chunk of the routes that sign in, loaded here only when needed.
  const { renewAtProvider } = await import('./oidc/sign-in.ts');
  return renewAtProvider(provider);
}

/**
 * Renews `current`'s token before it expires (see `renewalAt`): development sign-in asks the
 * engine for a new one, OpenID Connect the provider (its refresh token, through oidc-client-ts).
 * The new token is sent from the next request on, and the subscriptions are made again with it
 * (the API ends each subscription when the token it was opened with expires). A failed renewal
 * is tried again while the token is still valid; past its expiry the API refuses it and the user
 * signs in again. Returns what cancels the plan (the session changed).
 */
export function keepRenewed(current: Session): () => void {
  const at = current.via === undefined ? null : renewalAt(current.token);
  if (at === null) return () => {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  let cancelled = false;
  const attempt = async () => {
    try {
      const token = await newToken(current);
      // Not if the user signed out or in as someone else meanwhile.
      if (cancelled || session.current?.token !== current.token) return;
      renewed(token);
      restartSubscriptions();
    } catch {
      const expires = expiresAt(current.token) ?? 0;
      if (!cancelled && Date.now() + RETRY_MS < expires) timer = setTimeout(attempt, RETRY_MS);
    }
  };
  timer = setTimeout(attempt, Math.max(0, at - Date.now()));
  return () => {
    cancelled = true;
    clearTimeout(timer);
  };
}
