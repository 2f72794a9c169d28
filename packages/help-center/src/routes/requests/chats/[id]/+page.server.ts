import { error, fail } from '@sveltejs/kit';
import { MyChatQuery, RateChatMutation } from '$lib/requests/queries';
import { ApiRefusal, askAsCustomer } from '$lib/server/api';
import { contextOf } from '$lib/server/context';
import { requireCustomer } from '$lib/server/customer';
import { ratingOf } from '$lib/server/rating';
import type { Actions, PageServerLoad } from './$types';

/**
 * One of the customer's chats: its transcript (never a staff-only message), its rating once
 * closed, and the token for its live updates.
 */
export const load: PageServerLoad = async ({ cookies, params, platform, url }) => {
  const context = contextOf(platform);
  const { customerToken } = await requireCustomer(context, cookies, url);
  const { chat } = await askAsCustomer(context, customerToken, MyChatQuery, { id: params.id }).catch(
    (refusal: unknown) => {
      // Another customer's chat, or no such id: the same page not found.
      if (refusal instanceof ApiRefusal) return { chat: null };
      throw refusal;
    },
  );
  if (chat === null) error(404, 'No such chat');
  return {
    chat: {
      ...chat,
      messages: chat.messages
        .filter((message) => !message.internal)
        .map(({ sender, ...message }) => ({ ...message, authorKind: sender })),
    },
    // For its live updates (the browser keeps it in memory only).
    customerToken,
  };
};

export const actions: Actions = {
  /** A closed chat's rating, 1 to 5 with an optional comment, once. */
  rate: async ({ cookies, params, platform, request, url }) => {
    const rating = await ratingOf(request);
    if (!('score' in rating)) return rating;
    const context = contextOf(platform);
    const { customerToken } = await requireCustomer(context, cookies, url);
    try {
      const { rateChat } = await askAsCustomer(context, customerToken, RateChatMutation, {
        chatId: params.id,
        ...rating,
      });
      await askAsCustomer(context, customerToken, MyChatQuery, {
        id: params.id,
        consistencyToken: rateChat.consistencyToken,
      });
    } catch (refusal) {
      if (refusal instanceof ApiRefusal) return fail(400, { form: 'rate', error: 'ticket.failed' as const, name: '' });
      throw refusal;
    }
    return { form: 'rate', done: 'rate.thanks' as const };
  },
};
