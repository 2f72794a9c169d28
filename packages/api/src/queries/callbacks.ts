import { listCallbacks } from '@support-engine/projections';
import { z } from 'zod';
import { defineQuery } from '../graphql/secure.js';
import { parseInput } from '../validation.js';

const CallbacksArgs = z.object({
  status: z
    .array(z.enum(['scheduled', 'due', 'completed', 'cancelled', 'missed']))
    .max(5)
    .nullish(),
  assigneeId: z.string().min(1).max(128).nullish(),
  first: z.int().min(1).max(200).nullish(),
});

/** The calls owed to customers, soonest first: open ones unless `status` says otherwise. */
export const callbacksQuery = defineQuery<z.input<typeof CallbacksArgs>>('tickets', async (args, context) => {
  const { status, assigneeId, first } = parseInput(CallbacksArgs, args);
  return listCallbacks(context.services.deps.db, {
    statuses: status ?? undefined,
    assigneeId: assigneeId ?? undefined,
    first: first ?? undefined,
  });
});
