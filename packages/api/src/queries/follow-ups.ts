import { listFollowUps } from '@support-engine/projections';
import { z } from 'zod';
import { defineQuery } from '../graphql/secure.js';
import { parseInput } from '../validation.js';

const FollowUpsArgs = z.object({
  state: z.enum(['open', 'done']).nullish(),
  first: z.int().min(1).max(200).nullish(),
});

/** The follow-ups low ratings asked for: the open ones oldest first, or the done ones latest first. */
export const csatFollowUpsQuery = defineQuery<z.input<typeof FollowUpsArgs>>(
  ['tickets', 'chats'],
  async (args, context) => {
    const { state, first } = parseInput(FollowUpsArgs, args);
    return listFollowUps(context.services.deps.db, { state: state ?? 'open', first: first ?? undefined });
  },
);
