import { staffDecider } from '@support-engine/domain/staff';
import { defineQuery } from '../graphql/secure.js';

/**
 * The caller's own alert profile, folded from their staff stream (so a profile just set reads at
 * once); null until they, a lead or the system set one.
 */
export const myStaffProfile = defineQuery<object>(
  null,
  async (_args, context, principal) => (await context.services.bus.fold('staff', principal.id, staffDecider)).profile,
);
