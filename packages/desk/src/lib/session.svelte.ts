/** Who is signed in: the token sent with every request, and whom it speaks for. */
export interface Session {
  readonly token: string;
  readonly sub: string;
  readonly role: string;
  readonly name: string;
  /** How they signed in, which says how the token is renewed (a session kept from before says nothing: not renewed). */
  readonly via?: 'development' | 'oidc';
}

const KEY = 'support-desk.session';

function stored(): Session | null {
  if (typeof sessionStorage === 'undefined') return null;
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    return value && typeof value.token === 'string' ? value : null;
  } catch {
    return null;
  }
}

/**
 * The session, kept for the browser tab (sessionStorage: closing the tab signs out, and another
 * tab may sign in as someone else).
 */
export const session = $state<{ current: Session | null }>({ current: stored() });

export function signIn(value: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(value));
  session.current = value;
}

/** The same session with a renewed token (nothing when the user signed out meanwhile). */
export function renewed(token: string): void {
  if (session.current === null) return;
  signIn({ ...session.current, token });
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
  session.current = null;
}
