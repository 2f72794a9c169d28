import { fail, redirect } from '@sveltejs/kit';
import {
  AcceptSuggestionMutation,
  DismissSuggestionMutation,
  MyChatsQuery,
  MySuggestionsQuery,
  MyTicketsQuery,
} from '$lib/requests/queries';
import { ApiRefusal, askAsCustomer } from '$lib/server/api';
import { contextOf } from '$lib/server/context';
import { REQUESTS_PATH, requireCustomer } from '$lib/server/customer';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** How many chats the page lists (the latest). */
const CHATS_SHOWN = 20;

/**
 * The customer's tickets, newest first, twenty a page (`?after=` the next page's cursor), and
 * their latest chats, latest activity first, and the proactive suggestion waiting for them, if any.
 */
export const load: PageServerLoad = async ({ cookies, platform, url }) => {
  const context = contextOf(platform);
  const { customerToken, customerId } = await requireCustomer(context, cookies, url);
  const after = url.searchParams.get('after');
  const [{ tickets }, { chats }, { customer }] = await Promise.all([
    askAsCustomer(context, customerToken, MyTicketsQuery, { after }),
    askAsCustomer(context, customerToken, MyChatsQuery, {}),
    askAsCustomer(context, customerToken, MySuggestionsQuery, { id: customerId }),
  ]);
  return {
    suggestions: customer?.pendingSuggestions ?? [],
    tickets: tickets.items,
    nextCursor: tickets.nextCursor,
    paged: after !== null,
    chats: [...chats]
      .sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt))
      .slice(0, CHATS_SHOWN)
      .map((chat) => ({ ...chat, firstLine: chat.messages[0]?.body.split('\n')[0] ?? '' })),
  };
};

/** Accepts or dismisses the suggestion the form names; an accepted one opens its ticket, shown next. */
async function answerSuggestion(event: RequestEvent, accept: boolean) {
  const context = contextOf(event.platform);
  const { customerToken, customerId } = await requireCustomer(context, event.cookies, event.url);
  const suggestionId = String((await event.request.formData()).get('suggestionId') ?? '');
  let consistencyToken: string;
  let ticketId: string | null = null;
  try {
    if (accept) {
      const { acceptSuggestion } = await askAsCustomer(context, customerToken, AcceptSuggestionMutation, {
        customerId,
        suggestionId,
      });
      ({ consistencyToken, ticketId } = acceptSuggestion);
    } else {
      ({ consistencyToken } = (
        await askAsCustomer(context, customerToken, DismissSuggestionMutation, { customerId, suggestionId })
      ).dismissSuggestion);
    }
    await askAsCustomer(context, customerToken, MySuggestionsQuery, { id: customerId, consistencyToken });
  } catch (refusal) {
    if (refusal instanceof ApiRefusal) return fail(400, { error: 'ticket.failed' as const });
    throw refusal;
  }
  if (ticketId !== null) redirect(303, `${REQUESTS_PATH}/tickets/${encodeURIComponent(ticketId)}`);
  return { dismissed: true };
}

export const actions: Actions = {
  accept: (event) => answerSuggestion(event, true),
  dismiss: (event) => answerSuggestion(event, false),
};
