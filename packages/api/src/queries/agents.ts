import { normalizeAvailability } from '@support-engine/domain/agent';
import { listAgents } from '@support-engine/projections';
import { defineQuery } from '../graphql/secure.js';

/** The team, optionally only agents with the given availabilities; those who left only when asked for. */
export const agents = defineQuery<{ availability?: string[] | null; includeDeactivated?: boolean | null }>(
  'agents',
  async (args, context) => {
    const availability = args.availability?.map(normalizeAvailability);
    const includeDeactivated = args.includeDeactivated === true;
    const found = await listAgents(context.services.deps.db, { availability, includeDeactivated });
    return found.map((agent) => ({ ...agent, id: agent.agentId }));
  },
);
