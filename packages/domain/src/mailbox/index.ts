import { checkingContext, type Decider } from '../shared/decider.js';
import { SlaCommandContext } from '../sla-config/context.js';
import type { MailboxCommand } from './commands.js';
import { decideMailboxes } from './decide.js';
import type { MailboxEvent } from './events.js';
import { evolveMailboxes } from './evolve.js';
import { EMPTY_MAILBOX_CONFIGURATION, type MailboxConfiguration } from './state.js';

export * from './commands.js';
export { decideMailboxes } from './decide.js';
export * from './events.js';
export { evolveMailboxes } from './evolve.js';
export * from './rules.js';
export * from './state.js';

/** The id of the one mailbox configuration stream (`mailboxes-default`). */
export const MAILBOX_CONFIGURATION_ID = 'default';

/**
 * The deployment's mailboxes (stream `mailboxes-default`): the addresses mail comes in at, each
 * with the category, language and priority of the tickets it opens. Decided with the SLA
 * configuration in the context, for the categories it knows.
 */
export const mailboxesDecider: Decider<MailboxCommand, MailboxEvent, MailboxConfiguration, SlaCommandContext> =
  checkingContext(
    { initialState: EMPTY_MAILBOX_CONFIGURATION, decide: decideMailboxes, evolve: evolveMailboxes },
    SlaCommandContext,
  );
