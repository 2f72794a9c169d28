import { parseStreamId } from '@support-engine/domain';

/** The entity kinds that have a workflow: one workflow per ticket and per chat. */
export type EntityKind = 'ticket' | 'chat';

/**
 * The workflow that owns a stream's timers, or null for a stream without one (agents,
 * customers, activity). Workflow ids equal stream ids (`ticket-<id>`, `chat-<id>`), so ops can
 * go from an event to its workflow and back without a lookup.
 */
export function entityOfStream(streamId: string): { kind: EntityKind; workflowId: string } | null {
  const parsed = parseStreamId(streamId);
  if (parsed === null || (parsed.category !== 'ticket' && parsed.category !== 'chat')) return null;
  return { kind: parsed.category, workflowId: streamId };
}

/**
 * The idempotency key of a command a workflow issues: its workflow id and the timer's purpose,
 * which names the period or cycle it belongs to (e.g. `reminder-1@<waitingSince>`). The same
 * timer therefore always issues the same command id, so a retried activity or a replayed or
 * restarted workflow never writes twice.
 */
export function automationCommandId(workflowId: string, purpose: string): string {
  return `${workflowId}:${purpose}`;
}
