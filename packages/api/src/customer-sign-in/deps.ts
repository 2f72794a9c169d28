import type { CommandBus } from '@support-engine/application';
import type { DeliveryDb } from '@support-engine/delivery';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { CustomerTokenIssuer } from '../auth/customer-tokens.js';
import type { ApiConfig } from '../config.js';
import type { SignInDb } from './store.js';

/** What the sign-in's endpoints use. */
export interface SignInDeps {
  readonly bus: CommandBus;
  /** The sign-in's tables (sessions, used links). */
  readonly db: SignInDb;
  /** The outbox the sign-in mail is queued in; none: no mail is sent (and the answer is the same). */
  readonly delivery: DeliveryDb | undefined;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** The help center's customer tokens. */
  readonly issuer: CustomerTokenIssuer;
  /** The key sign-in links are signed with. */
  readonly linkKey: Uint8Array;
  readonly config: Pick<ApiConfig, 'environment' | 'signIn' | 'helpCenter'>;
  /** The client address a request counts as: the help center's visitor when its server relays one. */
  readonly addressOf: (req: FastifyRequest) => string;
}

/** The help center's public origin: the configured one, else the request's (as the API trusts it). */
export function helpCenterOrigin(req: FastifyRequest, config: SignInDeps['config']): string {
  return config.helpCenter.origin ?? `${req.protocol}://${req.host}`;
}
