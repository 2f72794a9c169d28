import type { Actor } from '../shared/actor.js';
import { DomainError } from '../shared/errors.js';
import { provenance } from '../shared/messages.js';
import type { SlaCommandContext } from '../sla-config/context.js';
import { type MailboxCommand, type MailboxDefinition, parseMailboxCommand } from './commands.js';
import type { MailboxEvent } from './events.js';
import { requireAddressFree, requireKnownCategory, requirePlainAddress } from './rules.js';
import type { MailboxConfiguration } from './state.js';

/**
 * Decides a mailbox configuration command (docs/email.md#mailboxes). Only admins (and the system)
 * configure mailboxes. The address is a plain one (`MAILBOX_SUB_ADDRESS`), new when adding
 * (`MAILBOX_ADDRESS_TAKEN`), and the category one the SLA configuration in the context knows
 * (`MAILBOX_CATEGORY_UNKNOWN`). Saving a mailbox as it is writes nothing, so retries are harmless.
 */
export function decideMailboxes(
  input: MailboxCommand,
  state: MailboxConfiguration,
  context: SlaCommandContext,
): MailboxEvent[] {
  const command = parseMailboxCommand(input);
  requireAdmin(context.actor);
  const meta = provenance(context);
  const { address } = command.data;
  const version = (state.lastVersions[address] ?? 0) + 1;
  const current = state.mailboxes[address];
  switch (command.type) {
    case 'ConfigureMailbox': {
      const { definition, adding } = command.data;
      requirePlainAddress(address);
      if (adding) requireAddressFree(state, address);
      requireKnownCategory(definition.category, context.slaConfiguration);
      if (current && sameDefinition(current.definition, definition)) return [];
      return [{ type: 'MailboxConfigured', data: { ...meta, address, version, definition } }];
    }
    case 'RemoveMailbox':
      if (!current) throw new DomainError('NOT_FOUND', `There is no mailbox ${address}`, { address });
      return [{ type: 'MailboxRemoved', data: { ...meta, address, version } }];
  }
}

function sameDefinition(a: MailboxDefinition, b: MailboxDefinition): boolean {
  return (
    a.name === b.name &&
    a.category === b.category &&
    a.language === b.language &&
    a.priority === b.priority &&
    a.active === b.active
  );
}

function requireAdmin(actor: Actor): void {
  if (actor.role === 'admin' || actor.role === 'system') return;
  throw new DomainError('FORBIDDEN', `${actor.role} ${actor.id} may not configure mailboxes`, { role: actor.role });
}
