import { customerDecider } from '@support-engine/domain/customer';
import { followUpCommandId, type OpenTicketCommand } from '@support-engine/domain/routing';
import { ROUTER_ACTOR } from './actor.js';
import type { CommandBus, Sent } from './bus.js';

/**
 * Opens the ticket a just-recorded decision (at `version` of `stream`) names. The router opens it
 * too when it reads the decision, with the same command id and actor, so a caller that stops
 * before this point still gets its ticket, and it is opened once.
 */
export function openFollowUp(
  bus: CommandBus,
  stream: string,
  version: number,
  command: OpenTicketCommand,
): Promise<Sent> {
  const commandId = followUpCommandId({ streamId: stream, version });
  return bus.send('ticket', command.data.ticketId, command, ROUTER_ACTOR, commandId);
}

/** The language of the customer's profile, as a command's `language` field; none when their profile names none. */
export async function profileLanguage(bus: CommandBus, customerId: string): Promise<{ language?: string }> {
  const language = (await bus.fold('customer', customerId, customerDecider))?.profile?.language;
  return language ? { language } : {};
}
