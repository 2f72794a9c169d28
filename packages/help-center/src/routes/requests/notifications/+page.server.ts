import { fail } from '@sveltejs/kit';
import { MarkNotificationsReadMutation, MyNotificationsQuery } from '$lib/requests/queries';
import { ApiRefusal, askAsCustomer } from '$lib/server/api';
import { contextOf } from '$lib/server/context';
import { requireCustomer } from '$lib/server/customer';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The customer's notifications, newest first, twenty a page, with how many are unread. */
export const load: PageServerLoad = async ({ cookies, platform, url }) => {
  const context = contextOf(platform);
  const { customerToken } = await requireCustomer(context, cookies, url);
  const after = url.searchParams.get('after');
  const { myNotifications } = await askAsCustomer(context, customerToken, MyNotificationsQuery, { after });
  return { notifications: myNotifications };
};

/** Marks one notification (`id`) or all of them read. */
async function markRead(event: RequestEvent, all: boolean) {
  const context = contextOf(event.platform);
  const { customerToken } = await requireCustomer(context, event.cookies, event.url);
  const id = String((await event.request.formData()).get('id') ?? '');
  if (!all && id === '') return fail(400, { error: 'ticket.failed' as const });
  try {
    await askAsCustomer(context, customerToken, MarkNotificationsReadMutation, all ? { all: true } : { ids: [id] });
  } catch (refusal) {
    if (refusal instanceof ApiRefusal) return fail(400, { error: 'ticket.failed' as const });
    throw refusal;
  }
  return { marked: true };
}

export const actions: Actions = {
  read: (event) => markRead(event, false),
  /** "Mark all as read": clears the inbox's unread count. */
  clear: (event) => markRead(event, true),
};
