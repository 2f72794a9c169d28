import { checkingContext, type Decider } from '../shared/decider.js';
import { parseTicketCommand, type TicketCommandInput } from './commands.js';
import { TicketCommandContext } from './context.js';
import { decideTicket } from './decide.js';
import type { TicketEvent } from './events.js';
import { evolveTicket } from './evolve.js';
import type { TicketState } from './state.js';
import { DEFAULT_TICKET_TIMINGS, parseTicketTimings, type TicketTimings } from './timings.js';

export { TICKET_COMMAND_ISSUERS, type TicketIssuer } from './access.js';
export { CallbackReason, type CallbackStatus, PhoneNumber, type TicketCallback } from './callback-values.js';
export {
  CALLBACK_GRACE_MS,
  CALLBACK_HORIZON_MS,
  type ContactOnFile,
  callbackAsRead,
  callbackReadsProfile,
  callbackTimeZone,
  evolveCallbacks,
  INCIDENT_CALL_WITHDRAWAL,
  INCIDENT_CALLBACK_REASON,
  INCIDENT_OVER_REASON,
  incidentCallbackId,
  isCallbackOwedNow,
  isOpenCallback,
  OPEN_CALLBACK_STATUSES,
  requireNumberToCall,
} from './callbacks.js';
export * from './commands.js';
export * from './context.js';
export * from './customer-view.js';
export { decideTicket } from './decide.js';
export { descriptionAuthor } from './description.js';
export * from './duties.js';
export * from './events.js';
export { evolveTicket, TICKET_STATE_VERSION } from './evolve.js';
export * from './lifecycle.js';
export * from './live-board.js';
export * from './notifications.js';
export * from './reminders.js';
export * from './report-buckets.js';
export * from './sla-compliance.js';
export * from './sla-escalation.js';
export * from './staleness.js';
export * from './state.js';
export { MAX_TAGS_PER_TICKET, Tag, Tags } from './tags.js';
export * from './timeline.js';
export * from './timings.js';
export * from './urgent-updates.js';
export {
  CategoryInput,
  EscalationReason,
  LinkedArticle,
  LinkedArticles,
  MAX_TIER,
  MessageText,
  PRIORITIES_MOST_URGENT_FIRST,
  priorityRank,
  ReminderNumber,
  SlaMetric,
  TicketChannel,
  TicketPriority,
  Tier,
  Transcript,
  TranscriptLine,
  Visibility,
} from './values.js';

/**
 * The ticket aggregate with the given reminder/auto-close delays (a deployment's or an SLA
 * policy's); the delays decide when `SendReminder` and `AutoClose` are due. They are validated
 * here, once (`VALIDATION_FAILED`: positive whole milliseconds, the waiting delays in order; any
 * resolved delay, as {@link parseTicketTimings} with `anyDuration`). Its `decide` validates the
 * command first (defaults applied), like every decider of the domain, so untrusted input can be
 * passed as it is.
 */
export function createTicketDecider(
  timings: TicketTimings = DEFAULT_TICKET_TIMINGS,
): Decider<TicketCommandInput, TicketEvent, TicketState, TicketCommandContext> {
  // The defaults need no check (and the module's own decider is made where zod may not run: Temporal's sandbox).
  const checked = timings === DEFAULT_TICKET_TIMINGS ? timings : parseTicketTimings(timings, { anyDuration: true });
  return checkingContext(
    {
      initialState: null,
      decide: (command, state, context) => decideTicket(parseTicketCommand(command), state, context, checked),
      evolve: evolveTicket,
    },
    TicketCommandContext,
  );
}

/** The ticket aggregate with the documented default delays. */
// Annotated, so its declaration names its types rather than spelling them out.
export const ticketDecider: Decider<TicketCommandInput, TicketEvent, TicketState, TicketCommandContext> =
  createTicketDecider();
export { slaFactOf } from './sla-facts.js';
