/**
 * The engine's OpenID Connect provider, as `GET /auth/oidc` describes it (404: the engine has
 * none, and staff get their tokens some other way, or through development sign-in).
 */
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

/** Where the engine describes its provider. */
export const OIDC_CONFIG_PATH = '/auth/oidc';

const FIELDS = ['issuer', 'clientId', 'scopes', 'name', 'roleClaim'] as const;

/** The engine's provider, or null when it has none. */
export async function identityProvider(): Promise<IdentityProvider | null> {
  const response = await fetch(OIDC_CONFIG_PATH);
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`${OIDC_CONFIG_PATH}: ${response.status} ${response.statusText}`);
  const body = (await response.json()) as Record<string, unknown>;
  for (const field of FIELDS)
    if (typeof body[field] !== 'string') throw new Error(`${OIDC_CONFIG_PATH}: no ${field} in the answer`);
  return body as unknown as IdentityProvider;
}
