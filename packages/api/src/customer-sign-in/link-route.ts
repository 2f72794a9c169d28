import { EmailAddress, emailAddressKey } from '@support-engine/domain';
import { helpReturnPathAllowed } from '@support-engine/domain/customer';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createBudget } from '../rate-limit.js';
import { helpCenterOrigin, type SignInDeps } from './deps.js';
import { mailSignInLink } from './mail.js';
import { refuseSignIn } from './refusal.js';

/** Where a customer asks for a sign-in link. */
export const SIGN_IN_LINK_PATH = '/help/v1/sign-in/link';

const Body = z
  .object({
    email: z.string().max(320).pipe(EmailAddress),
    language: z.enum(['en', 'fr']).optional(),
    returnTo: z.string().refine(helpReturnPathAllowed, 'expected a path under /help/, e.g. /help/requests').optional(),
  })
  .strict();

/**
 * `POST /help/v1/sign-in/link` (docs/help-center.md#signing-in-to-my-requests): mails the
 * customer who holds the address a sign-in link, and answers 202 `{ "sent": true }` for every
 * well-formed address, a customer's or not, so the answer never tells whether an address is
 * known. Refused, writing nothing: bad input (400 `SIGN_IN_INPUT_INVALID`), too many links asked
 * from one client address or for one address (429 `SIGN_IN_RATE_LIMITED`, `Retry-After`).
 */
export function registerSignInLinkRoute(app: FastifyInstance, deps: SignInDeps): void {
  const { links } = deps.config.signIn;
  const perClient = createBudget(
    app,
    { max: links.perClient, windowMs: links.windowMs },
    (req) => `sign-in-client:${deps.addressOf(req)}`,
  );
  const perAddress = createBudget(
    app,
    { max: links.perAddress, windowMs: links.windowMs },
    (req) => `sign-in-address:${emailAddressKey((req.body as { email: string }).email)}`,
  );
  app.post(SIGN_IN_LINK_PATH, async (req, reply) => {
    const body = Body.safeParse(req.body);
    if (!body.success)
      return refuseSignIn(reply, 'SIGN_IN_INPUT_INVALID', `Invalid sign-in request: ${z.prettifyError(body.error)}`);
    const retryAfter = (await perClient(req)) ?? (await perAddress(req));
    if (retryAfter !== null)
      return refuseSignIn(
        reply.header('retry-after', String(retryAfter)),
        'SIGN_IN_RATE_LIMITED',
        `Too many sign-in links asked, retry in ${retryAfter} s`,
      );
    const { email, language, returnTo } = body.data;
    if (deps.delivery === undefined) deps.logger.warn('no outbox: a sign-in link cannot be mailed');
    else
      await mailSignInLink(deps.bus, deps.delivery, deps.linkKey, {
        address: email,
        language,
        returnTo,
        origin: helpCenterOrigin(req, deps.config),
        now: deps.clock(),
      });
    return reply.status(202).header('cache-control', 'no-store').send({ sent: true });
  });
}
