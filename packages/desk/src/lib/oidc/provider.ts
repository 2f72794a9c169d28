/** The engine's OpenID Connect provider, as the engine describes it to the desk. */
export interface IdentityProvider {
  /** The issuer URL, whose discovery document oidc-client-ts reads. */
  readonly issuer: string;
  /** The desk's (public) client id at the provider. */
  readonly clientId: string;
  /** The scopes asked for, separated by spaces. */
  readonly scopes: string;
  /** The provider's name, for the sign-in button. */
  readonly name: string;
  /** The claim that holds the engine role (the API reads the same one from the access token). */
  readonly roleClaim: string;
}

/** How this engine lets staff sign in: development sign-in (the demo's people) and its provider, if any. */
export interface SignInOptions {
  readonly development: boolean;
  readonly oidc: IdentityProvider | null;
}

/** Where the engine tells the desk (public; it always answers, so the page logs no failed request). */
export const SIGN_IN_OPTIONS_PATH = '/auth/sign-in';

const FIELDS = ['issuer', 'clientId', 'scopes', 'name', 'roleClaim'] as const;

/** Waits before each retry of the sign-in options: a busy or restarting engine gets a few seconds. */
const RETRY_DELAYS_MS = [250, 500, 1_000, 2_000, 4_000];

/** The answer of the sign-in options, asked again after a failed request or an error status. */
async function fetchOptions(): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(SIGN_IN_OPTIONS_PATH).catch((error: unknown) => error as Error);
    if (response instanceof Response && response.ok) return response;
    const delay = RETRY_DELAYS_MS[attempt];
    if (delay === undefined)
      throw response instanceof Response
        ? new Error(`${SIGN_IN_OPTIONS_PATH}: ${response.status} ${response.statusText}`)
        : response;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** The ways this engine offers to sign in. */
export async function signInOptions(): Promise<SignInOptions> {
  const response = await fetchOptions();
  const body = (await response.json()) as { development?: unknown; oidc?: Record<string, unknown> | null };
  const oidc = body.oidc ?? null;
  if (oidc !== null)
    for (const field of FIELDS)
      if (typeof oidc[field] !== 'string') throw new Error(`${SIGN_IN_OPTIONS_PATH}: no oidc.${field} in the answer`);
  return { development: body.development === true, oidc: oidc as IdentityProvider | null };
}
