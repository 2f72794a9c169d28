import { type SlaInput, type SlaStatus, slaStatus } from '../sla/calculator.js';
import type { SlaFact } from '../sla/facts.js';
import type { SlaPolicy } from '../sla/policy.js';
import type { TicketEvent } from './events.js';
import { evolveTicket } from './evolve.js';
import { slaFactOf } from './sla-facts.js';
import type { Ticket } from './state.js';

/**
 * A ticket as its automation sees it: the ticket's state plus what the SLA calculator needs of
 * its history (the opening priority and the SLA facts). Folded event by event so the automation
 * never rereads the stream; plain data so it can be carried from one workflow run to the next.
 */
export interface TicketTimeline {
  readonly ticket: Ticket | null;
  /** Priority at opening: the SLA calculator replays priority changes from there. */
  readonly openingPriority: Ticket['priority'];
  readonly slaFacts: readonly SlaFact[];
}

/** The timeline of a stream with no events yet. */
export const EMPTY_TICKET_TIMELINE: TicketTimeline = { ticket: null, openingPriority: 'normal', slaFacts: [] };

/** Applies one ticket event: `evolveTicket` for the state, plus the event's SLA fact for the calculator. */
export function evolveTicketTimeline(timeline: TicketTimeline, event: TicketEvent): TicketTimeline {
  const fact = slaFactOf(event);
  return {
    ticket: evolveTicket(timeline.ticket, event),
    openingPriority: event.type === 'TicketOpened' ? event.data.priority : timeline.openingPriority,
    slaFacts: fact === null ? timeline.slaFacts : [...timeline.slaFacts, fact],
  };
}

/**
 * The policy governing the ticket now, as its SLA clocks count it: the last one it recorded
 * (`TicketSlaPolicyApplied`), else the deployment's. Its callback target books a critical
 * incident's call; its compliance goal is the one the ticket's figures are held to.
 */
export function governingPolicy(timeline: TicketTimeline, deployment: SlaPolicy): SlaPolicy {
  let governing = deployment;
  for (const fact of timeline.slaFacts) if (fact.kind === 'policy_changed') governing = fact.policy ?? deployment;
  return governing;
}

/**
 * What the SLA calculator reads of a ticket at `nowMs`: its opening priority (later changes are
 * facts), its category, every SLA fact it recorded, and `deployment` as the policy until the
 * ticket recorded one.
 */
export function ticketSlaInput(timeline: TicketTimeline, deployment: SlaPolicy, nowMs: number): SlaInput {
  return {
    policy: deployment,
    priority: timeline.openingPriority,
    category: timeline.ticket?.category ?? undefined,
    facts: timeline.slaFacts,
    now: nowMs,
  };
}

/**
 * A ticket's SLA status at `nowMs` (its clocks, deadlines, warnings, breaches and escalation), as
 * the engine reads it, from the timeline its events fold into ({@link evolveTicketTimeline});
 * `null` before it is opened. The way to ask {@link slaStatus} about a folded ticket: its current
 * priority is not the opening one the calculator starts from.
 */
export function ticketSlaStatus(timeline: TicketTimeline, deployment: SlaPolicy, nowMs: number): SlaStatus | null {
  return timeline.ticket === null ? null : slaStatus(ticketSlaInput(timeline, deployment, nowMs));
}
