import { normalizeAvailability } from '@support-engine/domain';
import { listAgents } from '@support-engine/projections';
import { defineQuery } from '../graphql/secure.js';

/** The team, optionally only agents with the given availabilities. */
export const agents = defineQuery<{ availability?: string[] | null }>('agents', async (args, context) => {
  const availability = args.availability?.map(normalizeAvailability);
  const found = await listAgents(context.services.deps.db, { availability });
  return found.map((agent) => ({ ...agent, id: agent.agentId }));
});
