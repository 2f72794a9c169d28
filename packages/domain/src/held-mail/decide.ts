import type { CommandContext } from '../shared/context.js';
import { DomainError } from '../shared/errors.js';
import { provenance } from '../shared/messages.js';
import { parseOrThrow } from '../shared/validation.js';
import { HeldMailCommand } from './commands.js';
import type { HeldMailEvent } from './events.js';
import { mayHoldMail, mayReviewHeldMail, requireAllowed, requirePendingHeldMail } from './rules.js';
import type { HeldMailState } from './state.js';

/**
 * Decides a held-mail command (docs/email.md#held-mail). The mail ingress holds a message once:
 * holding the same message again decides nothing (a reprocessed mail), holding another under its
 * id is `ALREADY_EXISTS`. Staff accept or discard a pending message, once (`HELD_MAIL_DECIDED`).
 */
export function decideHeldMail(input: HeldMailCommand, state: HeldMailState, context: CommandContext): HeldMailEvent[] {
  const command = parseOrThrow(HeldMailCommand, input, 'held mail command');
  const { actor } = context;
  const meta = provenance(context);
  const { heldMailId } = command.data;
  switch (command.type) {
    case 'HoldMail': {
      requireAllowed(mayHoldMail(actor), actor, 'hold mail');
      if (state !== null) {
        if (
          state.content.mail.mailKey === command.data.content.mail.mailKey &&
          state.ticketId === command.data.ticketId
        )
          return [];
        throw new DomainError('ALREADY_EXISTS', `Held mail ${heldMailId} already exists`, { heldMailId });
      }
      return [{ type: 'MailHeld', data: { ...meta, ...command.data } }];
    }
    case 'AcceptHeldMail':
    case 'DiscardHeldMail': {
      requireAllowed(
        mayReviewHeldMail(actor),
        actor,
        command.type === 'AcceptHeldMail' ? 'accept held mail' : 'discard held mail',
      );
      const held = requirePendingHeldMail(state, heldMailId);
      const { note } = command.data;
      const data = { ...meta, heldMailId, ticketId: held.ticketId, ...(note === undefined ? {} : { note }) };
      return [{ type: command.type === 'AcceptHeldMail' ? 'HeldMailAccepted' : 'HeldMailDiscarded', data }];
    }
  }
}
