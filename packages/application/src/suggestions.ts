import { streamId } from '@support-engine/domain';
import { type CustomerActivityCommand, SuggestionAccepted } from '@support-engine/domain/proactive';
import { ticketFromSuggestion } from '@support-engine/domain/routing';
import type { CommandActor, CommandBus, Sent } from './bus.js';
import { openFollowUp, profileLanguage } from './follow-ups.js';

/** What accepting a suggestion wrote: the activity stream's events (with a checkpoint covering the ticket) and the ticket's id. */
export interface SuggestionAcceptance {
  readonly sent: Sent;
  readonly ticketId: string;
}

/**
 * Accepts the customer's pending proactive suggestion and opens its ticket (`ticketId`), in the
 * customer's language (their profile's).
 */
export async function acceptSuggestion(
  bus: CommandBus,
  input: Omit<Extract<CustomerActivityCommand, { type: 'AcceptSuggestion' }>['data'], 'language'>,
  actor: CommandActor,
  commandId: string,
): Promise<SuggestionAcceptance> {
  const command = {
    type: 'AcceptSuggestion' as const,
    data: { ...input, ...(await profileLanguage(bus, input.customerId)) },
  };
  const accepted = await bus.send('activity', input.customerId, command, actor, commandId);
  const event = SuggestionAccepted.parse(accepted.events[0]);
  const stream = streamId('activity', input.customerId);
  const opened = await openFollowUp(bus, stream, accepted.version, ticketFromSuggestion(event.data));
  return { sent: { ...accepted, checkpoint: opened.checkpoint }, ticketId: event.data.ticketId };
}
