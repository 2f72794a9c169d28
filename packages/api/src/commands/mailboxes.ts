import { MAILBOX_CONFIGURATION_ID, type MailboxCommand, MailboxDefinition } from '@support-engine/domain/mailbox';
import { z } from 'zod';
import { type CommandEnv, type CommandOutcome, type CommandSpec, defineMutation } from './spec.js';

/** Sends one command to the mailbox configuration stream; the outcome's id is the mailbox's address. */
async function send(env: CommandEnv, command: MailboxCommand & { data: { address: string } }): Promise<CommandOutcome> {
  const sent = await env.bus.send('mailboxes', MAILBOX_CONFIGURATION_ID, command, env.principal, env.commandId);
  return { id: command.data.address.trim().toLowerCase(), sent };
}

// The address is checked by the domain (one place for its rules and codes); here only its size.
const Address = z.string().max(320);

const configure = z
  .object({ address: Address, adding: z.boolean().default(false), ...MailboxDefinition.shape })
  .strict();

/** The mutations of the mailbox configuration (docs/email.md#mailboxes): admins only, per the policy table. */
export const MAILBOX_COMMANDS = {
  configureMailbox: defineMutation(
    'Adds a mailbox (adding: true refuses an address configured already, MAILBOX_ADDRESS_TAKEN) or replaces its definition: its category, language and default priority, and whether it receives mail.',
    configure,
    ({ address, adding, ...definition }, env) =>
      send(env, { type: 'ConfigureMailbox', data: { address, adding, definition } }),
  ),
  removeMailbox: defineMutation(
    'Removes a mailbox: mail to its address is refused from then on.',
    z.object({ address: Address }).strict(),
    ({ address }, env) => send(env, { type: 'RemoveMailbox', data: { address } }),
  ),
} satisfies Record<string, CommandSpec>;
