import { localeFor } from '../notification/templates.js';
import type { Actor, Id } from '../shared/actor.js';
import type { CommandContext } from '../shared/context.js';
import { DomainError } from '../shared/errors.js';
import { provenance } from '../shared/messages.js';
import { parseOrThrow } from '../shared/validation.js';
import { CustomerActivityCommand } from './commands.js';
import type { CustomerActivityEvent } from './events.js';
import { evolveCustomerActivity } from './evolve.js';
import { proactiveSuggestion, suggestionTexts } from './rule.js';
import type { CustomerActivityState, PendingSuggestion } from './state.js';

function requireSameCustomer(state: CustomerActivityState, customerId: Id): void {
  if (state.customerId !== null && state.customerId !== customerId) {
    throw new DomainError('NOT_FOUND', `This activity stream belongs to another customer than "${customerId}"`, {
      customerId,
    });
  }
}

function requireOwnSuggestion(actor: Actor, customerId: Id): void {
  if (actor.role !== 'customer' || actor.id !== customerId) {
    throw new DomainError('FORBIDDEN', 'Only the customer may answer their suggestion', { role: actor.role });
  }
}

function requirePending(state: CustomerActivityState, suggestionId: Id): PendingSuggestion {
  if (state.pending?.suggestionId !== suggestionId) {
    throw new DomainError('SUGGESTION_NOT_PENDING', `Suggestion "${suggestionId}" is not awaiting an answer`, {
      suggestionId,
    });
  }
  return state.pending;
}

/**
 * Decides a customer activity stream's commands (one stream per customer).
 *
 * De-duplication: a signal behind a suggestion never counts again, whatever the customer
 * answers, so the next suggestion needs three new critical signals. While a suggestion is
 * pending no other is made; signals recorded meanwhile stay unused and, once it is answered,
 * count towards the next suggestion (the rule runs again when the next signal arrives).
 * The suggestion's id is the id of the signal that completed it. A signal id already recorded
 * is refused with ALREADY_EXISTS, so a resent signal is not counted twice: any critical signal's
 * ever, any other's within the window (see `CustomerActivityState`).
 */
export function decideCustomerActivity(
  input: CustomerActivityCommand,
  state: CustomerActivityState,
  context: CommandContext,
): readonly CustomerActivityEvent[] {
  const command = parseOrThrow(CustomerActivityCommand, input, 'customer activity command');
  const { actor } = context;
  const { customerId } = command.data;
  requireSameCustomer(state, customerId);
  const meta = provenance(context);

  switch (command.type) {
    case 'RecordCustomerActivity': {
      const ownSession = actor.role === 'customer' && actor.id === customerId;
      if (!ownSession && actor.role !== 'system') {
        throw new DomainError('FORBIDDEN', 'Activity is recorded by the tracker or the customer themself', {
          role: actor.role,
        });
      }
      const { signalId } = command.data;
      if (state.keptSignalIds.includes(signalId) || state.recentSignals.some((s) => s.signalId === signalId)) {
        throw new DomainError('ALREADY_EXISTS', `Signal "${signalId}" was already recorded`, { signalId });
      }
      const recorded: CustomerActivityEvent = { type: 'CustomerActivityRecorded', data: { ...command.data, ...meta } };
      if (state.pending !== null) return [recorded];
      const draft = proactiveSuggestion(evolveCustomerActivity(state, recorded).unusedSignals, context.now);
      if (draft === null) return [recorded];
      const suggestion = { customerId, suggestionId: signalId, ...draft, signals: [...draft.signals] };
      return [recorded, { type: 'ProactiveTicketSuggested', data: { ...suggestion, ...meta } }];
    }
    case 'AcceptSuggestion': {
      requireOwnSuggestion(actor, customerId);
      const pending = requirePending(state, command.data.suggestionId);
      const { suggestionId, priority, signals } = pending;
      const { ticketId, language } = command.data;
      // In the customer's language when known, as the offer they accepted read.
      const { subject, description } = language === undefined ? pending : suggestionTexts(signals, localeFor(language));
      const accepted = { customerId, suggestionId, ticketId, subject, description, priority };
      const inLanguage = language === undefined ? {} : { language };
      return [{ type: 'SuggestionAccepted', data: { ...accepted, signals: [...signals], ...inLanguage, ...meta } }];
    }
    case 'DismissSuggestion': {
      requireOwnSuggestion(actor, customerId);
      const { suggestionId } = requirePending(state, command.data.suggestionId);
      return [{ type: 'SuggestionDismissed', data: { customerId, suggestionId, ...meta } }];
    }
  }
}
