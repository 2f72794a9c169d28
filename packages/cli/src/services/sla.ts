import type { SlaLookup, SlaSettings } from '@support-engine/api';
import { streamId } from '@support-engine/domain';
import { slaStatusQuery, tracedClient } from '@support-engine/workflows';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { RuntimeConfig } from '../config.js';

/**
 * The API's SLA lookup over Temporal: it queries the ticket's own workflow (`ticket-<id>`), which
 * keeps the live SLA clocks. A ticket without a workflow (not delivered yet, or purged from
 * Temporal's retention) has no live SLA: `null`. It queries through its own client on
 * `connected`'s connection, traced: each lookup is a `QueryWorkflow:slaStatus` span in the trace
 * of the request that asked.
 */
export function createTemporalSlaLookup(connected: Client): SlaLookup {
  const client = tracedClient(connected);
  return {
    async ticketSla(ticketId, at) {
      try {
        return await client.workflow.getHandle(streamId('ticket', ticketId)).query(slaStatusQuery, at.getTime());
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return null;
        throw error;
      }
    },
  };
}

/** The API's SLA settings from the runtime configuration: the bootstrap policy, the timings rule, the chat timings. */
export function slaSettingsOf(config: Pick<RuntimeConfig, 'worker'>): SlaSettings {
  const { worker } = config;
  return {
    bootstrapPolicy: worker.ticket.slaPolicy,
    anyTimings: worker.anyTicketTimings,
    chatTimings: worker.chat.timings,
  };
}
