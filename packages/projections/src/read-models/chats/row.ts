import type { AgentEvent } from '@support-engine/domain/agent';
import { type ChatEvent, chatQueuedSince } from '@support-engine/domain/chat';
import type { ProjectedEvent } from '../../events.js';
import type { ChatAgentRow, ChatHoldRow, ChatMessageRow, ChatRow } from './columns.js';

export type { ChatAgentRow, ChatHoldRow, ChatMessageRow, ChatRow } from './columns.js';

/** One chat as a batch folds it: its session (unknown until started) and its open holds. */
export interface ChatState {
  readonly row: ChatRow | undefined;
  /** Holds still open (one at most, as the events write them). */
  readonly open: readonly ChatHoldRow[];
}

/** What one chat event did. */
export interface ChatStep {
  readonly state: ChatState;
  /** The message it added, if any. */
  readonly message: ChatMessageRow | undefined;
  /** The holds it wrote: those it closed and the one it opened. */
  readonly holds: readonly ChatHoldRow[];
  /** Whether the queue (waiting chats, agents' free capacity) may have changed. */
  readonly queueChanged: boolean;
}

/**
 * Applies one chat event. Changes to a chat never started leave its session unknown (as an
 * update that matches no row) while holds are still recorded from the event alone; a message
 * for such a chat is an error, as it has no place in a transcript. Since when the chat waits is
 * the domain's to say ({@link chatQueuedSince}), from the event and the wait before it.
 */
export function applyChatEvent(state: ChatState, event: ProjectedEvent<ChatEvent>): ChatStep {
  const applied = applyChange(state, event);
  const row = applied.state.row;
  if (!row) return applied;
  const queuedSince = chatQueuedSince(state.row?.queued_since ?? null, event);
  // Every event moves the chat's version, whatever else it changes.
  return {
    ...applied,
    state: { ...applied.state, row: { ...row, queued_since: queuedSince, version: event.log.streamVersion } },
  };
}

function applyChange(state: ChatState, event: ProjectedEvent<ChatEvent>): ChatStep {
  const { row } = state;
  const { data } = event;
  const step = (values: Partial<ChatRow>, queueChanged = false): ChatStep => ({
    state: { ...state, row: row && { ...row, ...values } },
    message: undefined,
    holds: [],
    queueChanged,
  });
  switch (event.type) {
    case 'ChatStarted':
      return {
        state: {
          ...state,
          row: {
            chat_id: event.data.chatId,
            customer_id: event.data.customerId,
            status: 'waiting',
            priority: event.data.priority,
            category: event.data.category ?? null,
            language: event.data.language ?? null,
            assignee_id: null,
            started_at: data.at,
            queued_since: null,
            assigned_at: null,
            last_activity_at: data.at,
            inactivity_timeout_ms: event.data.inactivityTimeoutMs ?? null,
            closed_at: null,
            close_cause: null,
            ticket_id: null,
            message_count: 0,
            public_message_count: 0,
            csat_score: null,
            csat_comment: null,
            follow_up_requested: false,
            follow_up_requested_at: null,
            follow_up_completed_at: null,
            follow_up_note: null,
            version: event.log.streamVersion,
          },
        },
        message: undefined,
        holds: [],
        queueChanged: true,
      };
    case 'ChatMessageSent': {
      const { chatId, messageId, from, authorId, body, internal, attachments } = event.data;
      if (!row) throw new Error(`chat ${chatId} has a message but was never started`);
      // Internal notes do not keep the conversation alive (as in the domain's evolve).
      const next: ChatRow = {
        ...row,
        message_count: row.message_count + 1,
        ...(internal ? {} : { public_message_count: row.public_message_count + 1, last_activity_at: data.at }),
      };
      return {
        state: { ...state, row: next },
        message: {
          chat_id: chatId,
          message_id: messageId,
          seq: next.message_count,
          sender: from,
          author_id: authorId,
          body,
          internal,
          at: data.at,
          attachments: attachments ?? [],
        },
        holds: [],
        queueChanged: false,
      };
    }
    case 'ChatAssigned': {
      const assigned = step(
        { status: 'active', assignee_id: event.data.agentId, assigned_at: data.at, last_activity_at: data.at },
        true,
      );
      return hold(assigned, event, event.data.agentId, []);
    }
    case 'ChatTransferred': {
      const moved = step({ assignee_id: event.data.toAgentId, last_activity_at: data.at }, true);
      const closed = endHolds(moved.state.open, data.at);
      return hold(moved, event, event.data.toAgentId, closed);
    }
    case 'ChatTransferredToQueue': {
      // Waiting again in the new queue; the agent's hold ends (assigned_at keeps the first pick-up).
      const requeued = step(
        { status: 'waiting', assignee_id: null, category: event.data.category, last_activity_at: data.at },
        true,
      );
      return { ...requeued, state: { ...requeued.state, open: [] }, holds: endHolds(state.open, data.at) };
    }
    case 'ChatClosed': {
      const ended = step({ status: 'closed', closed_at: data.at, close_cause: event.data.cause }, true);
      return { ...ended, state: { ...ended.state, open: [] }, holds: endHolds(state.open, data.at) };
    }
    case 'ChatConvertedToTicket':
      return step({ ticket_id: event.data.ticketId });
    case 'ChatRated':
      return step({ csat_score: event.data.score, csat_comment: event.data.comment ?? null });
    case 'ChatFollowUpRequested':
      return step({ follow_up_requested: true, follow_up_requested_at: data.at });
    case 'ChatFollowUpCompleted':
      return step({ follow_up_completed_at: data.at, follow_up_note: event.data.note ?? null });
    case 'ChatCustomerChanged':
      // The queue shows each waiting chat's customer: rewritten when a waiting one moves.
      return step({ customer_id: event.data.to }, row?.status === 'waiting');
    case 'ChatTranscriptRequested':
      // The mail is the notifier's; the chat's row is unchanged (the log keeps who asked).
      return step({});
  }
}

/** The chat is now with `agentId`, from the event's time until the next transfer or the close. */
function hold(step: ChatStep, event: ProjectedEvent<ChatEvent>, agentId: string, closed: ChatHoldRow[]): ChatStep {
  const opened: ChatHoldRow = {
    chat_id: event.data.chatId,
    position: event.log.checkpoint.globalPosition.toString(),
    agent_id: agentId,
    held_from: event.data.at,
    held_until: null,
  };
  // An assignment opens a hold beside any still open; a transfer closed them first.
  const open = closed.length > 0 ? [opened] : [...step.state.open, opened];
  return { ...step, state: { ...step.state, open }, holds: [...closed, opened] };
}

function endHolds(open: readonly ChatHoldRow[], at: string): ChatHoldRow[] {
  return open.map((held) => ({ ...held, held_until: at }));
}

/**
 * Applies one agent event to the chats' view of that agent; true as second value when the
 * queue's estimate may have changed. Only registration, availability and capacity matter here.
 */
export function applyChatAgentEvent(
  row: ChatAgentRow | undefined,
  event: ProjectedEvent<AgentEvent>,
): { row: ChatAgentRow | undefined; queueChanged: boolean } {
  switch (event.type) {
    case 'AgentRegistered':
      return {
        row: { agent_id: event.data.agentId, availability: 'offline', capacity: event.data.capacity },
        queueChanged: false,
      };
    case 'AgentAvailabilityChanged':
      return { row: row && { ...row, availability: event.data.availability }, queueChanged: true };
    case 'AgentCapacityChanged':
      return { row: row && { ...row, capacity: event.data.capacity }, queueChanged: true };
    case 'AgentSkillsUpdated':
    case 'AgentTierChanged':
    case 'AgentTicketCapacityChanged':
    case 'AgentPerformanceRated':
    case 'AgentRenamed':
    // Offline already: the decider records the presence change first.
    case 'AgentDeactivated':
    case 'AgentReactivated':
    case 'AgentWorkReserved':
    case 'AgentWorkReleased':
      return { row, queueChanged: false };
  }
}
