import { error, fail } from '@sveltejs/kit';
import { readFragment } from '$lib/graphql';
import {
  CancelCallbackMutation,
  ConfirmResolutionMutation,
  CustomerReplyMutation,
  MyTicketQuery,
  RateTicketMutation,
  ScheduleCallbackMutation,
  TicketCaughtUpQuery,
  TicketMessageFragment,
} from '$lib/requests/queries';
import { zonedToInstant } from '$lib/requests/zoned';
import { ApiRefusal, askAsCustomer } from '$lib/server/api';
import { contextOf, type HelpCenterContext } from '$lib/server/context';
import { requireCustomer } from '$lib/server/customer';
import { ratingOf } from '$lib/server/rating';
import { timeZoneChoices } from '$lib/server/time-zones';
import { FileTooLarge, uploadFiles } from '$lib/server/uploads';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/**
 * One of the customer's tickets: its public conversation (the API never answers an internal note
 * to a customer; the page drops any such message besides), the token for its live updates, and
 * the time zones "Call me back" offers.
 */
export const load: PageServerLoad = async ({ cookies, params, platform, url }) => {
  const context = contextOf(platform);
  const { customerToken } = await requireCustomer(context, cookies, url);
  const { ticket } = await askAsCustomer(context, customerToken, MyTicketQuery, { id: params.id }).catch(
    (refusal: unknown) => {
      // Another customer's ticket, or no such id: the same page not found.
      if (refusal instanceof ApiRefusal) return { ticket: null };
      throw refusal;
    },
  );
  if (ticket === null) error(404, 'No such ticket');
  return {
    ticket: {
      ...ticket,
      messages: ticket.messages
        .map((message) => readFragment(TicketMessageFragment, message))
        .filter((m) => !m.internal),
    },
    // A fresh key per page shown: a form posted twice (a double click, a reload) writes one reply.
    replyKey: crypto.randomUUID(),
    customerToken,
    // "Call me back" offers the zones the server knows, the customer's on file among them.
    timeZones: timeZoneChoices(ticket.customer?.timeZone ?? null),
  };
};

/** Runs `write` as the customer on this ticket, then waits until the ticket's page will show it. */
async function write(
  event: RequestEvent,
  run: (context: HelpCenterContext, customerToken: string) => Promise<string>,
): Promise<void> {
  const context = contextOf(event.platform);
  const { customerToken } = await requireCustomer(context, event.cookies, event.url);
  const consistencyToken = await run(context, customerToken);
  await askAsCustomer(context, customerToken, TicketCaughtUpQuery, { id: event.params.id, consistencyToken });
}

/** A refusal of the API is the page's "could not be done" sentence; anything else, an error page. */
function refused(refusal: unknown, form: string) {
  if (refusal instanceof FileTooLarge)
    return fail(413, { form, error: 'ticket.tooLarge' as const, name: refusal.fileName });
  if (refusal instanceof ApiRefusal) return fail(400, { form, error: 'ticket.failed' as const, name: '' });
  throw refusal;
}

export const actions: Actions = {
  /** "Call me back": a call booked at a wall-clock time in the customer's zone, about a reason. */
  book: async (event) => {
    const form = await event.request.formData();
    const timeZone = String(form.get('timeZone') ?? '').trim();
    const at = zonedToInstant(String(form.get('at') ?? ''), timeZone);
    const reason = String(form.get('reason') ?? '').trim();
    const phone = String(form.get('phone') ?? '').trim();
    if (at === null || reason === '') return fail(400, { form: 'book', error: 'callback.invalid' as const, name: '' });
    try {
      await write(
        event,
        async (context, customerToken) =>
          (
            await askAsCustomer(context, customerToken, ScheduleCallbackMutation, {
              ticketId: event.params.id,
              at,
              timeZone,
              phone: phone === '' ? null : phone,
              reason,
            })
          ).scheduleCallback.consistencyToken,
      );
    } catch (refusal) {
      return refused(refusal, 'book');
    }
    return { form: 'book', done: 'callback.booked' as const };
  },
  /** Calls off a booked call. */
  cancel: async (event) => {
    const callbackId = String((await event.request.formData()).get('callbackId') ?? '');
    try {
      await write(
        event,
        async (context, customerToken) =>
          (
            await askAsCustomer(context, customerToken, CancelCallbackMutation, {
              ticketId: event.params.id,
              callbackId,
            })
          ).cancelCallback.consistencyToken,
      );
    } catch (refusal) {
      return refused(refusal, 'cancel');
    }
    return { form: 'cancel', done: 'callback.cancelled' as const };
  },
  /** The customer's answer, with files (uploaded through the API's path); it reopens a resolved or closed ticket. */
  reply: async (event) => {
    const form = await event.request.formData();
    const body = String(form.get('body') ?? '').trim();
    const files = form.getAll('files').filter((value): value is File => value instanceof File && value.size > 0);
    if (body === '' && files.length === 0)
      return fail(400, { form: 'reply', error: 'ticket.empty' as const, name: '' });
    const key = String(form.get('key') ?? '');
    try {
      await write(event, async (context, customerToken) => {
        const attachmentIds = await uploadFiles(context, customerToken, files);
        const { customerReply } = await askAsCustomer(context, customerToken, CustomerReplyMutation, {
          ticketId: event.params.id,
          body: body === '' ? null : body,
          attachmentIds: attachmentIds.length === 0 ? null : attachmentIds,
          commandId: /^[\w-]{8,100}$/.test(key) ? `help-center-reply-${key}` : null,
        });
        return customerReply.consistencyToken;
      });
    } catch (refusal) {
      return refused(refusal, 'reply');
    }
    return { form: 'reply', done: 'ticket.sent' as const };
  },
  /** "Yes, close the ticket": the customer confirms a resolved ticket is done. */
  confirm: async (event) => {
    try {
      await write(
        event,
        async (context, customerToken) =>
          (await askAsCustomer(context, customerToken, ConfirmResolutionMutation, { ticketId: event.params.id }))
            .confirmResolution.consistencyToken,
      );
    } catch (refusal) {
      return refused(refusal, 'confirm');
    }
    return { form: 'confirm', done: 'ticket.confirmed' as const };
  },
  /** A rating, 1 to 5 with an optional comment, once per ticket. */
  rate: async (event) => {
    const rating = await ratingOf(event.request);
    if (!('score' in rating)) return rating;
    try {
      await write(
        event,
        async (context, customerToken) =>
          (
            await askAsCustomer(context, customerToken, RateTicketMutation, {
              ticketId: event.params.id,
              ...rating,
            })
          ).rateTicket.consistencyToken,
      );
    } catch (refusal) {
      return refused(refusal, 'rate');
    }
    return { form: 'rate', done: 'rate.thanks' as const };
  },
};
