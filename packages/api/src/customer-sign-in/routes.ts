import type { CommandBus } from '@support-engine/application';
import type { DeliveryDb } from '@support-engine/delivery';
import type { ReadModelTables } from '@support-engine/projections';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { ApiConfig } from '../config.js';
import type { SignInDeps } from './deps.js';
import { registerDevSignInRoutes } from './dev-routes.js';
import { registerSignInLinkRoute } from './link-route.js';
import { helpCenterCustomerTokens, signInLinkKey } from './secrets.js';
import { registerSessionRoutes } from './session-routes.js';
import { migrateCustomerSignIn, signInDbOf, sweepSignIn } from './store.js';

/** How often spent links and ended sessions are forgotten (as the attachments' sweep, hourly). */
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/** What the sign-in's routes are made of. */
export interface SignInRoutesDeps {
  readonly bus: CommandBus;
  readonly db: Kysely<ReadModelTables>;
  readonly delivery: DeliveryDb | undefined;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly config: ApiConfig;
  /** The client address a request counts as (the help center's visitor when it relays one). */
  readonly addressOf: (req: FastifyRequest) => string;
}

/**
 * The customers' sign-in to "my requests" under `/help/v1/` (docs/help-center.md#signing-in-to-my-requests),
 * when the deployment runs a public help center and has a sign-in secret (`SUPPORT_SIGN_IN_SECRET`):
 * its tables are created, then the link, session and sign-out endpoints registered, the
 * development sign-in outside production, and the hourly sweep of used links and ended sessions.
 * Otherwise nothing: those paths answer 404.
 */
export function customerSignInRoutes(deps: SignInRoutesDeps) {
  return async (app: FastifyInstance) => {
    const { config } = deps;
    if (!config.publicHelpCenter) return;
    if (config.signIn.secret === null) {
      deps.logger.warn('no sign-in secret (SUPPORT_SIGN_IN_SECRET): customers cannot sign in to the help center');
      return;
    }
    const db = signInDbOf(deps.db);
    await migrateCustomerSignIn(db);
    const signIn: SignInDeps = {
      bus: deps.bus,
      db,
      delivery: deps.delivery,
      clock: deps.clock,
      logger: deps.logger,
      issuer: helpCenterCustomerTokens(config.signIn.secret),
      linkKey: signInLinkKey(config.signIn.secret),
      config,
      addressOf: deps.addressOf,
    };
    registerSignInLinkRoute(app, signIn);
    registerSessionRoutes(app, signIn);
    if (config.environment !== 'production') registerDevSignInRoutes(app, signIn, deps.db);
    // Used links and ended sessions go, hourly: nothing reads them once expired or signed out of.
    const sweeping = setInterval(() => {
      sweepSignIn(db, deps.clock()).catch((error: unknown) =>
        deps.logger.error({ err: error }, 'sign-in sweep failed'),
      );
    }, SWEEP_INTERVAL_MS).unref();
    app.addHook('onClose', async () => {
      clearInterval(sweeping);
    });
  };
}
