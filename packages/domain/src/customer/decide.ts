import { type Actor, isStaff } from '../shared/actor.js';
import type { CommandContext } from '../shared/context.js';
import { DomainError } from '../shared/errors.js';
import { provenance } from '../shared/messages.js';
import { parseOrThrow } from '../shared/validation.js';
import { CustomerCommand } from './commands.js';
import type { CustomerEvent } from './events.js';
import type { CustomerState } from './state.js';

/**
 * Decides a customer-profile command. Customers manage their own profile; staff and the
 * system may register customers (sign-up flows, imports) and fix preferences on request.
 * A preference set to its current value yields no events: clients repeat settings freely.
 */
export function decideCustomer(input: CustomerCommand, state: CustomerState, context: CommandContext): CustomerEvent[] {
  const command = parseOrThrow(CustomerCommand, input, 'customer command');
  const { customerId } = command.data;
  requireAllowed(context.actor, customerId);
  if (command.type === 'RegisterCustomer') {
    if (state) throw new DomainError('ALREADY_EXISTS', `Customer ${customerId} is already registered`, { customerId });
    return [{ type: 'CustomerRegistered', data: { ...provenance(context), ...command.data } }];
  }
  if (!state) throw new DomainError('NOT_FOUND', `Customer ${customerId} is not registered`, { customerId });
  if (state.deliveryPreference === command.data.preference) return [];
  return [
    {
      type: 'CustomerDeliveryPreferenceChanged',
      data: {
        ...provenance(context),
        customerId,
        preference: command.data.preference,
        previous: state.deliveryPreference,
      },
    },
  ];
}

function requireAllowed(actor: Actor, customerId: string): void {
  const own = actor.role === 'customer' && actor.id === customerId;
  if (own || isStaff(actor) || actor.role === 'system') return;
  throw new DomainError('FORBIDDEN', `${actor.role} ${actor.id} may not change customer ${customerId}`, {
    role: actor.role,
  });
}
