import { customerDecider } from '@support-engine/domain/customer';
import type { ReadModelTables } from '@support-engine/projections';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { startSession } from './credentials.js';
import type { SignInDeps } from './deps.js';
import { refuseSignIn } from './refusal.js';

/** The development sign-in: pick a customer, no mail. */
export const DEV_SIGN_IN_PATH = '/help/v1/sign-in/dev';

/** Most customers the development list offers. */
const DEV_CUSTOMERS = 20;

const Body = z.object({ customerId: z.string().min(1).max(200) }).strict();

/**
 * The development sign-in, registered only outside production (`SUPPORT_API_ENV=production`:
 * 404), as the desk's: `GET` lists customers to sign in as (`{ customers: [{ id, name }] }`, at
 * most 20, by name), `POST { customerId }` opens a session for one, answered as a link's exchange.
 */
export function registerDevSignInRoutes(
  app: FastifyInstance,
  deps: SignInDeps,
  readModels: Kysely<ReadModelTables>,
): void {
  app.get(DEV_SIGN_IN_PATH, async (_req, reply) => {
    const rows = await readModels
      .selectFrom('customers')
      .select(['customer_id', 'name'])
      .where('name', 'is not', null)
      .orderBy('name')
      .orderBy('customer_id')
      .limit(DEV_CUSTOMERS)
      .execute();
    return reply
      .header('cache-control', 'no-store')
      .send({ customers: rows.map((row) => ({ id: row.customer_id, name: row.name })) });
  });

  app.post(DEV_SIGN_IN_PATH, async (req, reply) => {
    const body = Body.safeParse(req.body);
    if (!body.success)
      return refuseSignIn(reply, 'SIGN_IN_INPUT_INVALID', `Invalid sign-in: ${z.prettifyError(body.error)}`);
    const { customerId } = body.data;
    if ((await deps.bus.fold('customer', customerId, customerDecider)).profile === null)
      return refuseSignIn(reply, 'SIGN_IN_INPUT_INVALID', `There is no customer ${customerId}`);
    const session = await startSession(deps.db, deps.issuer, customerId, null, deps.clock());
    return reply.header('cache-control', 'no-store').send(session);
  });
}
