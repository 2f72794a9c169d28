import type { Actor } from '../shared/actor.js';
import type { CommandContext } from '../shared/context.js';
import { DomainError, fieldIssues, invalidField } from '../shared/errors.js';
import { provenance } from '../shared/messages.js';
import { addMillis, DAY_MS, type Instant, MINUTE_MS, toInstant, toMillis } from '../shared/time.js';
import { canonicalTimeZone, TimeZone } from '../sla/calendar.js';
import type { SlaPolicy } from '../sla/policy.js';
import { refuseEarly } from './automation.js';
import type { CallbackStatus, TicketCallback } from './callback-values.js';
import type { TicketCommandOf } from './commands.js';
import type { TicketEvent } from './events.js';
import { isResolvedOrClosed } from './lifecycle.js';
import type { Ticket } from './state.js';

/** The ticket's callbacks after `event` (the same list for an event about something else). */
export function evolveCallbacks(callbacks: readonly TicketCallback[], event: TicketEvent): readonly TicketCallback[] {
  const change = (callbackId: string, changed: Partial<TicketCallback>) =>
    callbacks.map((c) => (c.callbackId === callbackId ? { ...c, ...changed } : c));
  switch (event.type) {
    case 'TicketCallbackScheduled': {
      const { callbackId, callbackAt, timeZone, phone, callbackReason, actor } = event.data;
      const status = 'scheduled';
      const callback = { callbackId, at: callbackAt, timeZone, phone: phone ?? null, reason: callbackReason };
      return [...callbacks, { ...callback, requestedBy: actor, status, endedAt: null, missedAt: null, outcome: null }];
    }
    case 'TicketCallbackDue':
      return change(event.data.callbackId, { status: 'due' });
    case 'TicketCallbackCompleted':
      return change(event.data.callbackId, {
        status: 'completed',
        endedAt: event.data.at,
        outcome: event.data.outcome ?? null,
      });
    case 'TicketCallbackCancelled':
      return change(event.data.callbackId, { status: 'cancelled', endedAt: event.data.at });
    case 'TicketCallbackMissed':
      return change(event.data.callbackId, { status: 'missed', endedAt: event.data.at, missedAt: event.data.at });
    default:
      return callbacks;
  }
}

/** How late a callback may still be made before it counts as missed: the call is owed at `at`, tolerated until `at` + this. */
export const CALLBACK_GRACE_MS = 15 * MINUTE_MS;

/** How far ahead a callback may be booked. */
export const CALLBACK_HORIZON_MS = 90 * DAY_MS;

/** The reason of the callback a critical incident books by itself. */
export const INCIDENT_CALLBACK_REASON = 'Critical incident: an expert calls you back';

/** What begins the ids of the callbacks critical incidents book by themselves, kept for them. */
const INCIDENT_CALLBACK_PREFIX = 'incident@';

/** The id of the callback a ticket urgent since `urgentSince` books by itself (one per urgent period). */
export function incidentCallbackId(urgentSince: Instant): string {
  return `${INCIDENT_CALLBACK_PREFIX}${urgentSince}`;
}

/**
 * The zone a call is shown in: the one it was booked in, except a critical incident's own call,
 * which the automation books knowing no customer's zone (it records UTC): that one is shown in
 * the customer's zone on file (`customerZone`), when they have one.
 */
export function callbackTimeZone(
  call: { readonly callbackId: string; readonly timeZone: string; readonly bookedBy: { readonly role: string } },
  customerZone: string | null | undefined,
): string {
  return isIncidentCall(call.callbackId, call.bookedBy) && customerZone ? customerZone : call.timeZone;
}

/** A critical incident's own call: booked by the automation under {@link incidentCallbackId}. */
function isIncidentCall(callbackId: string, bookedBy: { readonly role: string }): boolean {
  return bookedBy.role === 'system' && callbackId.startsWith(INCIDENT_CALLBACK_PREFIX);
}

/** What a customer's profile holds for their calls: the number on file and the zone they live in. */
export interface ContactOnFile {
  readonly phone: string | null;
  readonly timeZone: string | null;
}

/**
 * A call as staff and the customer read it, given the customer's profile as it is now: a call
 * booked without a number shows the number on file; a critical incident's own call shows the
 * customer's zone ({@link callbackTimeZone}).
 */
export function callbackAsRead(callback: TicketCallback, onFile: ContactOnFile | undefined): TicketCallback {
  if (onFile === undefined || !callbackReadsProfile(callback)) return callback;
  return {
    ...callback,
    phone: callback.phone ?? onFile.phone,
    timeZone: callbackTimeZone({ ...callback, bookedBy: callback.requestedBy }, onFile.timeZone),
  };
}

/**
 * Refuses a call a person (`bookedBy`) books with no number to dial: none given (`phone`) and none
 * on the customer's profile (`onFile`), so nobody is told to call a number that does not exist
 * (`VALIDATION_FAILED` on `phone`). The automation books a critical incident's call whatever the
 * profile holds: the call is owed, and staff find the customer another way.
 */
export function requireNumberToCall(
  phone: string | undefined,
  onFile: ContactOnFile | null | undefined,
  bookedBy: Pick<Actor, 'role'>,
): void {
  if (bookedBy.role !== 'system' && phone === undefined && !onFile?.phone)
    throw invalidField('phone', 'The customer has no phone number on file: give the number to call');
}

/** Whether reading a call takes anything from the profile: it has no number, or it is an incident's own. */
export function callbackReadsProfile(callback: TicketCallback): boolean {
  return callback.phone === null || isIncidentCall(callback.callbackId, callback.requestedBy);
}

/** Why the automation calls off a critical incident's own call once the incident is over. */
export const INCIDENT_OVER_REASON = 'The critical incident is over (resolved, closed or no longer urgent)';

/**
 * When the incident a callback was booked for began, if it is a critical incident's own call (booked
 * by the automation under {@link incidentCallbackId}); else null.
 */
function incidentStartOf(callback: TicketCallback): Instant | null {
  if (!isIncidentCall(callback.callbackId, callback.requestedBy)) return null;
  const start = callback.callbackId.slice(INCIDENT_CALLBACK_PREFIX.length);
  return Number.isNaN(Date.parse(start)) ? null : (start as Instant);
}

/**
 * Whether the critical incident that booked this call is over: the ticket is resolved or closed,
 * or no longer urgent since then (a later urgent period books a call of its own).
 */
function incidentIsOver(ticket: Ticket, start: Instant): boolean {
  return isResolvedOrClosed(ticket.status) || ticket.urgentSince !== start;
}

type Events = TicketEvent[];

/** The statuses of a call still owed: `scheduled`, or `due` (its time came). */
export const OPEN_CALLBACK_STATUSES: readonly CallbackStatus[] = ['scheduled', 'due'];

/** Whether the call is still owed: `scheduled` or `due`, neither completed, cancelled nor missed. */
export function isOpenCallback(callback: Pick<TicketCallback, 'status'>): boolean {
  return OPEN_CALLBACK_STATUSES.includes(callback.status);
}

/**
 * Whether the team owes this call at `now`: marked due, or scheduled for `now` or before, on a
 * ticket not closed (a closed ticket owes no call until it is reopened). The live board's
 * `callbacksDue`. Takes the ticket's status as recorded (read models hold it as text).
 */
export function isCallbackOwedNow(
  callback: Pick<TicketCallback, 'status' | 'at'>,
  ticketStatus: string,
  now: Instant,
): boolean {
  if (ticketStatus === 'closed') return false;
  return callback.status === 'due' || (callback.status === 'scheduled' && toMillis(callback.at) <= toMillis(now));
}

function find(ticket: Ticket, callbackId: string): TicketCallback {
  const callback = ticket.callbacks.find((c) => c.callbackId === callbackId);
  if (callback === undefined) {
    throw new DomainError('NOT_FOUND', `Ticket ${ticket.ticketId} has no callback ${callbackId}`, {
      ticketId: ticket.ticketId,
      callbackId,
    });
  }
  return callback;
}

function requireOpen(ticket: Ticket, callback: TicketCallback): void {
  if (!isOpenCallback(callback)) {
    throw new DomainError('CALLBACK_NOT_OPEN', `Callback ${callback.callbackId} is already ${callback.status}`, {
      ticketId: ticket.ticketId,
      callbackId: callback.callbackId,
      status: callback.status,
    });
  }
}

/**
 * Books a call to the customer: on a ticket not closed, at a time in the future (a critical
 * incident's own call booked past its time is moved, see `bookableAt`) and within {@link CALLBACK_HORIZON_MS}, in a time zone the runtime knows, under an id the
 * ticket has not used.
 */
export function scheduleCallback(
  ticket: Ticket,
  { data }: TicketCommandOf<'ScheduleCallback'>,
  context: CommandContext,
): Events {
  if (ticket.status === 'closed') {
    throw new DomainError(
      'INVALID_TRANSITION',
      `Ticket ${ticket.ticketId} is closed; reopen it before booking a call`,
      {
        ticketId: ticket.ticketId,
        from: 'closed',
      },
    );
  }
  // The automation calls off its own incident calls by id: a person's call must not pass for one.
  if (context.actor.role !== 'system' && data.callbackId.toLowerCase().startsWith(INCIDENT_CALLBACK_PREFIX)) {
    throw invalidField(
      'callbackId',
      `Callback ids starting with "${INCIDENT_CALLBACK_PREFIX}" are the automation's own; choose another`,
      { callbackId: data.callbackId },
    );
  }
  if (ticket.callbacks.some((c) => c.callbackId === data.callbackId)) {
    throw new DomainError('ALREADY_EXISTS', `Ticket ${ticket.ticketId} already has callback ${data.callbackId}`, {
      ticketId: ticket.ticketId,
      callbackId: data.callbackId,
    });
  }
  if (!TimeZone.safeParse(data.timeZone).success) {
    throw new DomainError('UNKNOWN_TIME_ZONE', `Unknown time zone "${data.timeZone}"`, {
      timeZone: data.timeZone,
      ...fieldIssues(['timeZone', 'not an IANA time zone']),
    });
  }
  const now = context.now.getTime();
  const at = bookableAt(ticket, data, now);
  if (context.actor.role !== 'system' && at <= now) {
    throw new DomainError('CALLBACK_IN_PAST', `A callback must be in the future; ${data.at} is past`, {
      at: data.at,
      ...fieldIssues(['at', 'is past']),
    });
  }
  if (at > now + CALLBACK_HORIZON_MS) {
    throw invalidField('at', `A callback may be booked at most 90 days ahead; ${data.at} is later`, { at: data.at });
  }
  return [
    {
      type: 'TicketCallbackScheduled',
      data: {
        ...provenance(context),
        ticketId: ticket.ticketId,
        callbackId: data.callbackId,
        callbackAt: at === toMillis(data.at) ? data.at : toInstant(at),
        timeZone: canonicalTimeZone(data.timeZone),
        ...(data.phone === undefined ? {} : { phone: data.phone }),
        callbackReason: data.reason,
      },
    },
  ];
}

/**
 * When a call booked now is due. As asked, except for a critical incident's own call booked when
 * its time has already passed: the ticket came under a policy with a callback target after it
 * became urgent (a category change, a target added to the policy), or the automation was down. Then
 * the target counts from now, so the team gets the whole target and the customer is not promised
 * a time gone by (nor the ticket escalated for a call nobody could make).
 */
function bookableAt(ticket: Ticket, data: TicketCommandOf<'ScheduleCallback'>['data'], now: number): number {
  const at = toMillis(data.at);
  const { urgentSince } = ticket;
  if (at > now || urgentSince === null || data.callbackId !== incidentCallbackId(urgentSince)) return at;
  return now + (at - toMillis(urgentSince));
}

/** The call was made: staff record its outcome. A call made after it was marked missed still counts as made. */
export function completeCallback(
  ticket: Ticket,
  { data }: TicketCommandOf<'CompleteCallback'>,
  context: CommandContext,
): Events {
  const callback = find(ticket, data.callbackId);
  if (callback.status !== 'missed') requireOpen(ticket, callback);
  return [
    {
      type: 'TicketCallbackCompleted',
      data: {
        ...provenance(context),
        ticketId: ticket.ticketId,
        callbackId: callback.callbackId,
        ...(data.outcome === undefined ? {} : { outcome: data.outcome }),
        late: callback.status === 'missed',
      },
    },
  ];
}

/** The customer or staff call it off (it is no longer needed, or a new time is booked instead). */
export function cancelCallback(
  ticket: Ticket,
  { data }: TicketCommandOf<'CancelCallback'>,
  context: CommandContext,
): Events {
  const callback = find(ticket, data.callbackId);
  requireOpen(ticket, callback);
  return [
    {
      type: 'TicketCallbackCancelled',
      data: { ...provenance(context, data.reason), ticketId: ticket.ticketId, callbackId: callback.callbackId },
    },
  ];
}

/** The callback's time came: the assignee is alerted. Nothing when it is no longer scheduled (retried, cancelled). */
export function decideCallbackDue(
  ticket: Ticket,
  { data }: TicketCommandOf<'RecordCallbackDue'>,
  context: CommandContext,
): Events {
  const callback = ticket.callbacks.find((c) => c.callbackId === data.callbackId);
  if (callback?.status !== 'scheduled' || ticket.status === 'closed') return [];
  refuseEarly(ticket, `Callback ${callback.callbackId}`, callback.at, context);
  return [
    {
      type: 'TicketCallbackDue',
      data: {
        ...provenance(context),
        ticketId: ticket.ticketId,
        callbackId: callback.callbackId,
        callbackAt: callback.at,
        ...(callback.phone === null ? {} : { phone: callback.phone }),
        timeZone: callback.timeZone,
      },
    },
  ];
}

/** Nobody made the call within the grace period: it is missed (and the automation escalates). Nothing when it was made or called off. */
export function decideCallbackMissed(
  ticket: Ticket,
  { data }: TicketCommandOf<'MarkCallbackMissed'>,
  context: CommandContext,
): Events {
  const callback = ticket.callbacks.find((c) => c.callbackId === data.callbackId);
  if (callback === undefined || !isOpenCallback(callback) || ticket.status === 'closed') return [];
  refuseEarly(
    ticket,
    `The miss of callback ${callback.callbackId}`,
    addMillis(callback.at, CALLBACK_GRACE_MS),
    context,
  );
  return [
    {
      type: 'TicketCallbackMissed',
      data: {
        ...provenance(context),
        ticketId: ticket.ticketId,
        callbackId: callback.callbackId,
        callbackAt: callback.at,
      },
    },
  ];
}

/** The purpose prefix of the timer that calls off a critical incident's own call once the incident is over. */
export const INCIDENT_CALL_WITHDRAWAL = 'callback-withdrawn';

/** A callback timer of the ticket's workflow: what to issue, when, and what follows once it is recorded. */
export interface CallbackTimer {
  readonly purpose: string;
  readonly at: number;
  readonly command: TicketCommandOf<'ScheduleCallback' | 'RecordCallbackDue' | 'MarkCallbackMissed' | 'CancelCallback'>;
  readonly onRecorded?: { readonly purpose: string; readonly command: TicketCommandOf<'Escalate'> };
}

/**
 * The callback timers of a ticket: a critical incident's own call still open once the incident is
 * over is called off (by the automation, with {@link INCIDENT_OVER_REASON}); then, unless the
 * ticket is closed, for each open callback the alert at its time and the miss at
 * its time plus the grace (a miss escalates the ticket one tier); and, for a critical incident
 * (an urgent ticket, new or in progress) under a policy with a callback target, booking the
 * incident's callback itself, once per urgent period, due `callbackTargetMinutes` after it
 * became urgent.
 */
export function callbackTimers(ticket: Ticket, policy: SlaPolicy): CallbackTimer[] {
  const { ticketId } = ticket;
  // First, so they fire before the call could fall due or be missed: a critical incident's own
  // call still open once the incident is over is called off, closed ticket or not.
  const timers: CallbackTimer[] = ticket.callbacks.filter(isOpenCallback).flatMap((callback) => {
    const start = incidentStartOf(callback);
    if (start === null || !incidentIsOver(ticket, start)) return [];
    const { callbackId } = callback;
    return [
      {
        purpose: `${INCIDENT_CALL_WITHDRAWAL}-${callbackId}`,
        at: toMillis(start),
        command: { type: 'CancelCallback', data: { ticketId, callbackId, reason: INCIDENT_OVER_REASON } },
      },
    ];
  });
  // A closed ticket owes no call until it is reopened.
  if (ticket.status === 'closed') return timers;
  for (const callback of ticket.callbacks.filter(isOpenCallback)) {
    const { callbackId } = callback;
    if (callback.status === 'scheduled') {
      timers.push({
        purpose: `callback-due-${callbackId}`,
        at: toMillis(callback.at),
        command: { type: 'RecordCallbackDue', data: { ticketId, callbackId } },
      });
    }
    timers.push({
      purpose: `callback-missed-${callbackId}`,
      at: toMillis(callback.at) + CALLBACK_GRACE_MS,
      command: { type: 'MarkCallbackMissed', data: { ticketId, callbackId } },
      onRecorded: {
        purpose: `callback-escalation-${callbackId}`,
        command: {
          type: 'Escalate',
          data: { ticketId, reason: 'missed_callback', note: `callback ${callbackId} missed` },
        },
      },
    });
  }
  const target = policy.callbackTargetMinutes;
  const { urgentSince } = ticket;
  if (
    target !== undefined &&
    ticket.priority === 'urgent' &&
    urgentSince !== null &&
    (ticket.status === 'new' || ticket.status === 'in_progress') &&
    !ticket.callbacks.some((c) => c.callbackId === incidentCallbackId(urgentSince))
  ) {
    const callbackId = incidentCallbackId(urgentSince);
    timers.push({
      purpose: `callback-book-${callbackId}`,
      at: toMillis(urgentSince),
      command: {
        type: 'ScheduleCallback',
        data: {
          ticketId,
          callbackId,
          at: addMillis(urgentSince, target * MINUTE_MS),
          timeZone: 'UTC',
          reason: INCIDENT_CALLBACK_REASON,
        },
      },
    });
  }
  return timers;
}
