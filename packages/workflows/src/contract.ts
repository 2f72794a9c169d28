import type { NextTimer } from '@support-engine/domain';
import type { ChatState, ChatTimings } from '@support-engine/domain/chat';
import type { Ticket, TicketDutySettings, TicketSlaReport, TicketTimeline } from '@support-engine/domain/ticket';
import { defineQuery, defineSignal } from '@temporalio/workflow';

// What the reactor, the worker and API clients share with the workflows: message shapes,
// inputs, signal and query definitions. `define*` are plain descriptors, safe outside workflows.

/** One logged event as a workflow receives it: upcast to its current schema, with its stream version. */
export interface DeliveredEvent {
  readonly streamId: string;
  /** 1-based stream version; the workflow applies each version once, in order. */
  readonly version: number;
  readonly type: string;
  readonly data: unknown;
  /**
   * The event's `correlationId` (metadata), when it has one: the commands the workflow issues
   * after applying it carry it on (see `CommandRequest.correlationId`).
   */
  readonly correlationId?: string;
}

/** Delivers one event of the workflow's stream (the reactor sends it with `signalWithStart`). */
export const deliverEventSignal = defineSignal<[DeliveredEvent]>('deliverEvent');

/** Deployment settings every entity workflow receives. */
export interface CommonWorkflowSettings {
  /**
   * Upsert the typed search attributes. Off where the server does not know them (the
   * time-skipping test server has no custom search attributes).
   */
  readonly upsertSearchAttributes: boolean;
  /**
   * Continue as new once the history holds this many events, besides whenever the server
   * suggests it; bounds replay cost for long-lived tickets.
   */
  readonly maxHistoryEvents: number;
  /**
   * How long a workflow stays open once its entity is closed and nothing is due, absorbing late
   * deliveries (the reactor bringing back the workflow's own closing event, a rating) before it
   * completes. An event after that starts a new run, which reads the history it missed.
   */
  readonly closedLingerMs: number;
}

/** Deployment settings of the ticket workflow: the delays and the SLA policy (from the worker config). */
export interface TicketWorkflowSettings extends CommonWorkflowSettings, TicketDutySettings {}

/** Deployment settings of the chat workflow. */
export interface ChatWorkflowSettings extends CommonWorkflowSettings {
  readonly timings: ChatTimings;
}

/** What one workflow run carries into the next on continue-as-new. */
export interface InboxSnapshot {
  /** The last stream version applied. */
  readonly applied: number;
  /** Events received ahead of a missing version, waiting for it. */
  readonly pending: readonly DeliveredEvent[];
}

/** The input of an entity workflow: settings, and on continue-as-new the folded state. */
export interface EntityWorkflowInput<Settings, State> {
  readonly settings: Settings;
  readonly carried?: {
    readonly state: State;
    readonly inbox: InboxSnapshot;
    /** Purposes of timers already fired in earlier runs, so none fires twice. */
    readonly fired: readonly string[];
    /** The correlation id of the last event applied (absent in runs carried before it was). */
    readonly correlationId?: string;
  };
}

export type TicketWorkflowInput = EntityWorkflowInput<TicketWorkflowSettings, TicketTimeline>;
export type ChatWorkflowInput = EntityWorkflowInput<ChatWorkflowSettings, ChatState>;

// The views show the domain's next timer as it is; clients get it from here with the views.
export type { NextTimer };

/** The live view of a ticket workflow. */
export interface TicketWorkflowView {
  readonly version: number;
  readonly ticket: Ticket | null;
  readonly next: NextTimer | null;
}

/**
 * The ticket's SLA status, or null before the ticket is opened: at the instant the caller passes
 * (epoch ms, its clock), so the clocks run between the workflow's wake-ups; at the workflow's own
 * time (its last wake-up) without one, or when the caller's clock is behind it.
 */
export const slaStatusQuery = defineQuery<TicketSlaReport | null, [atMs?: number]>('slaStatus');
/** The folded ticket, the version applied and the next timer. */
export const ticketViewQuery = defineQuery<TicketWorkflowView>('ticketView');

/** The live view of a chat workflow. */
export interface ChatWorkflowView {
  readonly version: number;
  readonly chat: ChatState;
  readonly next: NextTimer | null;
}

/** The folded chat, the version applied and the inactivity deadline. */
export const chatViewQuery = defineQuery<ChatWorkflowView>('chatView');
