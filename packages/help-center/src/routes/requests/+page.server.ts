import { MyChatsQuery, MyTicketsQuery } from '$lib/requests/queries';
import { askAsCustomer } from '$lib/server/api';
import { contextOf } from '$lib/server/context';
import { requireCustomer } from '$lib/server/customer';
import type { PageServerLoad } from './$types';

/** How many chats the page lists (the latest). */
const CHATS_SHOWN = 20;

/**
 * The customer's tickets, newest first, twenty a page (`?after=` the next page's cursor), and
 * their latest chats, latest activity first.
 */
export const load: PageServerLoad = async ({ cookies, platform, url }) => {
  const context = contextOf(platform);
  const { customerToken } = await requireCustomer(context, cookies, url);
  const after = url.searchParams.get('after');
  const [{ tickets }, { chats }] = await Promise.all([
    askAsCustomer(context, customerToken, MyTicketsQuery, { after }),
    askAsCustomer(context, customerToken, MyChatsQuery, {}),
  ]);
  return {
    tickets: tickets.items,
    nextCursor: tickets.nextCursor,
    paged: after !== null,
    chats: [...chats]
      .sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt))
      .slice(0, CHATS_SHOWN)
      .map((chat) => ({ ...chat, firstLine: chat.messages[0]?.body.split('\n')[0] ?? '' })),
  };
};
