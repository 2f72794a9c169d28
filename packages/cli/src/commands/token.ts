import { mintToken } from '@support-engine/api';
import type { Role } from '@support-engine/domain';
import { loadApiSettings } from '../config.js';
import { readDevSecret } from '../dev/secret.js';
import { CliError } from '../errors.js';
import { type CliIo, println } from '../io.js';

/** Flags of `support-engine token`. */
export interface TokenOptions {
  readonly role: Role;
  readonly sub: string;
  readonly ttl: number;
  /** Where `dev` keeps its signing secret, used when SUPPORT_JWT_SECRET is not set. */
  readonly devSecretFile: string;
}

/**
 * Prints an HS256 JWT for `role` and `sub`, signed with SUPPORT_JWT_SECRET or, without it, the
 * secret of the local `dev` engine, so `npm start` users can act as any role in GraphiQL.
 */
export async function runToken(options: TokenOptions, io: CliIo): Promise<number> {
  if (io.env.SUPPORT_JWKS_URL) {
    throw new CliError(
      'SUPPORT_JWKS_URL is set: this API accepts tokens from your identity provider only, not minted ones.',
    );
  }
  const secret = io.env.SUPPORT_JWT_SECRET || (await readDevSecret(options.devSecretFile));
  if (!secret) {
    throw new CliError(
      `No signing secret: set SUPPORT_JWT_SECRET to the API's secret, or run \`npm start\` once (it creates ${options.devSecretFile}).`,
    );
  }
  // The API's own parser checks the secret, so a token is never minted with one the API refuses.
  const config = loadApiSettings({ ...io.env, SUPPORT_JWT_SECRET: secret });
  if (config.auth.mode !== 'hs256') throw new CliError('The API is not configured for HS256 tokens.');
  println(io.stdout, await mintToken({ role: options.role, sub: options.sub }, config.auth.secret, options.ttl));
  return 0;
}
