import { inAgentQueues, type QueueMember } from '@support-engine/domain/assignment';
import {
  type AgentView,
  listAgents,
  type ReadModelTables,
  type TicketQueueKey,
  ticketQueueKeys,
} from '@support-engine/projections';
import type { Kysely } from 'kysely';
import type { Principal } from '../auth/tokens.js';
import { badInput } from '../validation.js';

const member = (agent: AgentView): QueueMember => ({
  agentId: agent.agentId,
  tier: agent.tier,
  skills: agent.skills,
  deactivated: agent.deactivatedAt !== null,
});

/**
 * The tier and required-skill keys of the unassigned tickets in the caller's queues: each key the
 * tickets nobody holds carry, kept when the domain's `inAgentQueues` says the router could give
 * such a ticket to the caller (judged over the team as the agents read model holds it). The SQL
 * filter then keeps the tickets of these keys, so it asks the rule and never restates it.
 */
export async function myQueueKeys(db: Kysely<ReadModelTables>, principal: Principal): Promise<TicketQueueKey[]> {
  if (principal.role !== 'agent') {
    throw badInput([
      { path: 'filter.inMyQueues', message: 'only agents have queues (the tickets the router could give them)' },
    ]);
  }
  const [agents, keys] = await Promise.all([listAgents(db), ticketQueueKeys(db)]);
  const team = agents.map(member);
  const me = team.find((agent) => agent.agentId === principal.id);
  if (me === undefined) return [];
  return keys.filter((key) => inAgentQueues(me, { kind: 'ticket', ...key }, team));
}
