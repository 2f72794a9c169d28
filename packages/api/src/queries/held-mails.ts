import { type HeldMailState, type HeldMailView, heldMailsOfTickets, listHeldMails } from '@support-engine/projections';
import type { ApiContext } from '../graphql/context.js';
import { defineQuery } from '../graphql/secure.js';
import { requestLoader } from './request-loaders.js';
import { staffNameOf } from './staff-names.js';
import { forCustomer } from './tickets.js';

/** Held messages (staff and auditors), newest held first; in one state when `state` is given. */
export const heldMails = defineQuery<{ state?: HeldMailState | null; first?: number | null; after?: string | null }>(
  // Who decided is named from the agents' and the staff read models: read at the token too.
  ['heldmails', 'agents', 'staff'],
  (args, context) =>
    listHeldMails(context.services.deps.db, {
      ...(args.state ? { state: args.state } : {}),
      ...(args.first === null || args.first === undefined ? {} : { first: args.first }),
      ...(args.after ? { after: args.after } : {}),
    }),
);

/**
 * `Ticket.heldMails`: the messages held for review that name the ticket (in `state` when given),
 * newest first; a page's tickets read in one query. Customers never see them: a held message may
 * not be theirs at all.
 */
export async function ticketHeldMails(
  parent: { readonly ticketId: string },
  args: { readonly state?: HeldMailState | null },
  context: ApiContext,
): Promise<readonly HeldMailView[]> {
  if (forCustomer(context)) return [];
  const held = await requestLoader<HeldMailView[]>(context, 'held-mails', async (ticketIds) => {
    const byTicket = await heldMailsOfTickets(context.services.deps.db, ticketIds);
    return ticketIds.map((id) => byTicket.get(id) ?? []);
  }).load(parent.ticketId);
  return args.state ? held.filter((mail) => mail.state === args.state) : held;
}

/**
 * `HeldMail.decidedByName`: who decided, named as the team knows them (an agent as the agents'
 * read model holds them, a supervisor or an admin by their profile); a page's deciders read in one
 * query. Whoever may read the held message may read it (the name of a team member, as the board
 * and the assignee lists show it); null while pending or for one never named.
 */
export async function heldMailDeciderName(
  parent: Pick<HeldMailView, 'decidedBy'>,
  _args: unknown,
  context: ApiContext,
): Promise<string | null> {
  if (parent.decidedBy === null) return null;
  return staffNameOf(context, parent.decidedBy);
}
