import { toInstant } from '@support-engine/domain';
import { summarizeSla } from '@support-engine/domain/sla';
import {
  CUSTOMER_UPDATE_TIMER,
  EMPTY_TICKET_TIMELINE,
  evolveTicketTimeline,
  INCIDENT_CALL_WITHDRAWAL,
  type TicketDuties,
  type TicketDuty,
  type TicketEvent,
  type TicketTimeline,
  ticketDuties,
} from '@support-engine/domain/ticket';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { continueAsNew, patched, setCurrentDetails, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import {
  type DeliveredEvent,
  slaStatusQuery,
  type TicketWorkflowInput,
  type TicketWorkflowSettings,
  ticketViewQuery,
} from '../contract.js';
import {
  AssigneeIdAttribute,
  CustomerIdAttribute,
  SlaStateAttribute,
  TicketPriorityAttribute,
  TicketStatusAttribute,
} from '../search-attributes.js';
import { activities, Entity } from './entity.js';

/**
 * The patch that added the urgent ticket's customer-update timer. A run replaying a history
 * recorded before it must not fire that timer where the old code did not; once the run is live
 * again, `patched` turns true and the timer joins the others.
 */
export const CUSTOMER_UPDATE_PATCH = 'customer-update-timer';

/** The patch that added calling off a critical incident's own call once the incident is over (the same way). */
export const INCIDENT_CALL_WITHDRAWAL_PATCH = 'incident-call-withdrawal';

/**
 * The patch that made reopening an urgent ticket begin a new urgent period (its own incident call,
 * a fresh customer-update clock). A run replaying events folded before it keeps the period a
 * reopen did not restart then.
 */
export const REOPENED_INCIDENT_PATCH = 'reopened-incident-period';

/**
 * The patch that made a late reminder push the next steps of the waiting schedule back (the
 * domain's reminder notice). A run replaying a history recorded before it times the steps from the
 * waiting period's start alone, as the code that ran then did.
 */
export const REMINDER_NOTICE_PATCH = 'reminder-notice';

/**
 * A reopen resumes the response clocks its close completed with no reply (a spam close undone
 * still owes the first response); runs from before resumed resolution only.
 */
export const REOPEN_OWES_ANSWER_PATCH = 'reopen-owes-answer';

/** How a ticket workflow run ends: the ticket closed with nothing left to time. */
export interface TicketWorkflowResult {
  readonly version: number;
}

/**
 * The timers of one ticket (workflow id `ticket-<id>`): reminders and auto-close while
 * `waiting_customer`, auto-close of `resolved`, SLA warnings, breaches and escalations, and the
 * flag of an urgent ticket's overdue customer update (2 hours without a team reply). It folds
 * the events the reactor delivers, asks the domain what is due, sleeps on a resettable timer
 * until then or until the next event, and issues the due command through an activity.
 * Completes once the ticket is closed and quiet for `closedLingerMs`; a later event (a reopen)
 * starts a new run that reads the history it missed.
 */
export async function ticketWorkflow(input: TicketWorkflowInput): Promise<TicketWorkflowResult> {
  const { settings } = input;
  // Asked before any event is folded, so that a run a reopen starts folds that reopen the new way.
  let reopensIncidents = patched(REOPENED_INCIDENT_PATCH);
  const entity = new Entity(
    EMPTY_TICKET_TIMELINE,
    (timeline: TicketTimeline, delivered: DeliveredEvent) => applyTicketEvent(timeline, delivered, reopensIncidents),
    input.carried,
  );
  let timesCustomerUpdates = false;
  let withdrawsIncidentCalls = false;
  let keepsReminderNotice = false;
  let owesAnswers = false;
  let duties = dutiesNow();
  // A query may not move the workflow's clock, but it may compute for the caller's instant.
  setHandler(slaStatusQuery, (atMs?: number) => {
    const { sla, automation } = dutiesAt(Math.max(atMs ?? 0, Date.now()));
    return sla && { ...sla, automation };
  });
  setHandler(ticketViewQuery, () => ({
    version: entity.inbox.applied,
    ticket: entity.state.ticket,
    next: duties.next,
  }));
  const publish = publisher(settings);

  for (;;) {
    await entity.catchUp();
    // Never called from the queries: `patched` records a marker, which a query must not.
    timesCustomerUpdates ||= patched(CUSTOMER_UPDATE_PATCH);
    withdrawsIncidentCalls ||= patched(INCIDENT_CALL_WITHDRAWAL_PATCH);
    reopensIncidents ||= patched(REOPENED_INCIDENT_PATCH);
    keepsReminderNotice ||= patched(REMINDER_NOTICE_PATCH);
    owesAnswers ||= patched(REOPEN_OWES_ANSWER_PATCH);
    duties = dutiesNow();
    publish(entity.state, duties);
    const [duty] = duties.due;
    if (duty !== undefined) {
      await fire(duty);
      continue;
    }
    if (entity.state.ticket?.status === 'closed' && duties.next === null) {
      if (await entity.lingerForEvents(settings.closedLingerMs)) continue;
      return { version: entity.inbox.applied };
    }
    if (entity.shouldContinueAsNew(settings.maxHistoryEvents)) {
      await continueAsNew<typeof ticketWorkflow>({ settings, carried: entity.carry() });
    }
    await entity.waitForEvents(duties.next === null ? null : duties.next.at - Date.now(), duties.next?.purpose);
  }

  function dutiesNow(): TicketDuties {
    return dutiesAt(Date.now());
  }

  function dutiesAt(atMs: number): TicketDuties {
    const timeline = entity.state;
    // Without the reminder times, the schedule is the one from before the patch.
    const scheduled =
      keepsReminderNotice || timeline.ticket === null
        ? timeline
        : { ...timeline, ticket: { ...timeline.ticket, lastReminderAt: null } };
    return ticketDuties(scheduled, { ...settings, reopenOwesAnswer: owesAnswers }, isSettled, atMs);
  }

  /** A timer not to fire: it fired already, or it is one a patch added, in a run from before that patch. */
  function isSettled(purpose: string): boolean {
    return (
      entity.hasFired(purpose) ||
      (!timesCustomerUpdates && purpose.startsWith(CUSTOMER_UPDATE_TIMER)) ||
      (!withdrawsIncidentCalls && purpose.startsWith(INCIDENT_CALL_WITHDRAWAL))
    );
  }

  async function fire(duty: TicketDuty): Promise<void> {
    const outcome = await entity.fire(duty.purpose, duty.command, activities.issueTicketCommand);
    if (duty.onRecorded !== undefined && outcome.events.length > 0) await fire(duty.onRecorded);
  }
}

/**
 * Applies a delivered event to the timeline; the store holds only events the ticket decider wrote.
 * Without {@link REOPENED_INCIDENT_PATCH}, a reopen keeps the urgent period it had, as the code
 * that ran then did.
 */
function applyTicketEvent(
  timeline: TicketTimeline,
  delivered: DeliveredEvent,
  reopensIncidents: boolean,
): TicketTimeline {
  const next = evolveTicketTimeline(timeline, { type: delivered.type, data: delivered.data } as TicketEvent);
  const before = timeline.ticket;
  if (reopensIncidents || before === null || next.ticket === null || delivered.type !== 'TicketStatusChanged')
    return next;
  return { ...next, ticket: { ...next.ticket, urgentSince: before.urgentSince } };
}

/**
 * Publishes the ticket to Temporal's visibility: typed search attributes (upserted only when
 * they change, since each upsert is a history event) and the current details shown in the UI.
 */
function publisher(settings: TicketWorkflowSettings): (timeline: TicketTimeline, duties: TicketDuties) => void {
  let published = '';
  return ({ ticket }, { next, sla }) => {
    setCurrentDetails(next === null ? 'Nothing scheduled' : `Next: ${next.purpose} at ${toInstant(next.at)}`);
    if (!settings.upsertSearchAttributes || ticket === null) return;
    const pairs: SearchAttributeUpdatePair[] = [
      { key: TicketStatusAttribute, value: ticket.status },
      { key: TicketPriorityAttribute, value: ticket.priority },
      { key: SlaStateAttribute, value: summarizeSla(sla) },
      { key: AssigneeIdAttribute, value: ticket.assigneeId },
      { key: CustomerIdAttribute, value: ticket.customerId },
    ];
    const values = JSON.stringify(pairs.map((pair) => pair.value));
    if (values === published) return;
    published = values;
    upsertSearchAttributes(pairs);
  };
}
