import { defineQuery } from '../graphql/secure.js';

/** The VAPID public key browsers subscribe to push with; null when push is off. */
export const vapidPublicKey = defineQuery<object>(
  null,
  async (_args, context) => context.services.deps.delivery?.vapidPublicKey ?? null,
);
