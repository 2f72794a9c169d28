import { type ChatMetricsGroup, chatMetrics } from '@support-engine/projections';
import { z } from 'zod';
import { defineQuery } from '../graphql/secure.js';
import { parseInput } from '../validation.js';
import { periodInOrder } from './period.js';

const ChatMetricsArgs = z.object({ from: z.date(), to: z.date() }).refine(...periodInOrder);

const keyed = (groups: Readonly<Record<string, ChatMetricsGroup>>) =>
  Object.entries(groups).map(([key, metrics]) => ({ key, metrics }));

/**
 * Report figures of the chats started in `[from, to)`, overall and per agent and category, and
 * each agent's utilisation over the period (up to the API's clock).
 */
export const chatMetricsQuery = defineQuery<z.input<typeof ChatMetricsArgs>>(
  ['chats', 'agents'],
  async (args, context) => {
    const { from, to } = parseInput(ChatMetricsArgs, args);
    const { db, clock } = context.services.deps;
    const report = await chatMetrics(db, { from, to }, clock());
    return { ...report, byAgent: keyed(report.byAgent), byCategory: keyed(report.byCategory) };
  },
);
