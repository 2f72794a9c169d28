import { type EventSchemaRegistry, isDomainError } from '@support-engine/domain';
import type { ChatCommand, ChatEvent } from '@support-engine/domain/chat';
import { parseTicketCommand, type TicketCommand, type TicketEvent } from '@support-engine/domain/ticket';
import type { CommandHandler, EventStore, HandleResult } from '@support-engine/eventstore';
import { withTraceparent } from '@support-engine/eventstore-postgres';
import type { DeliveredEvent } from './contract.js';
import { toDeliveredEvent } from './delivered.js';

/** The actor the automation's events are recorded with. */
export const AUTOMATION_ACTOR = { id: 'automation', role: 'system' } as const;

/** A command a workflow's timer issues. */
export interface CommandRequest<C> {
  readonly streamId: string;
  /** Deterministic: workflow id + timer purpose (see `automationCommandId`). */
  readonly commandId: string;
  readonly command: C;
  /**
   * The workflow's time when the timer fired (epoch ms), used as the command's `now`: the
   * event records when the automation acted in workflow time, and a retry decides the same.
   */
  readonly nowMs: number;
  /**
   * The correlation id of the event that caused the command: the last event the workflow applied
   * before the timer fired. Absent when that event had none (or the run predates it).
   */
  readonly correlationId?: string;
}

/** What an issued command did. */
export interface CommandOutcome {
  /** The events written (or, for a repeated command id, written the first time), with their versions. */
  readonly events: readonly DeliveredEvent[];
  /** Set when the domain refused the command; retrying would not help, so it is reported, not thrown. */
  readonly refused?: {
    readonly code: string;
    readonly message: string;
    /**
     * A timer fired before the instant the domain counts it due (ISO 8601): the worker's timings
     * differ from those the workflow was started with (a deployment changed them). Asked again
     * then, it is accepted.
     */
    readonly dueAt?: string;
  };
}

/** What the activities need: one command handler per aggregate, and the store to read streams. */
export interface ActivityDeps {
  readonly tickets: CommandHandler<TicketCommand, TicketEvent>;
  readonly chats: CommandHandler<ChatCommand, ChatEvent>;
  readonly store: EventStore;
  readonly registry: EventSchemaRegistry;
}

/**
 * The activities of the entity workflows. Infrastructure errors throw, so Temporal retries them.
 *
 * The events a command writes carry in their metadata:
 * - `causationId`: the command's id (`<workflow id>:<timer purpose>`, also its `commandId`): the
 *   automation's command is what caused the event;
 * - `correlationId`: the causing event's (`CommandRequest.correlationId`), so a request's id
 *   follows the automation it set off; the command's own id when that event had none, which
 *   starts a correlation of its own;
 * - `traceparent`: the activity's span (Temporal's `RunActivity`, when the worker traces), whose
 *   trace is the workflow run's: the reactor's delivery that started the run, its signal, the
 *   run, the activity and the event store's append.
 */
export function createActivities(deps: ActivityDeps) {
  return {
    /** Issues a ticket automation command (reminder, auto-close, SLA report, escalation). */
    issueTicketCommand(request: CommandRequest<TicketCommand>): Promise<CommandOutcome> {
      return issue(deps.tickets, { ...request, command: parseTicketCommand(request.command) });
    },

    /** Issues a chat automation command (`TimeoutChat`). */
    issueChatCommand(request: CommandRequest<ChatCommand>): Promise<CommandOutcome> {
      return issue(deps.chats, request);
    },

    /**
     * Events `fromVersion..toVersion` of a stream (inclusive): fills a gap in what the reactor
     * delivered, e.g. the history a new run needs when a closed ticket receives a new event.
     */
    async readStreamEvents(streamId: string, fromVersion: number, toVersion: number): Promise<DeliveredEvent[]> {
      const recorded = await deps.store.readStream(streamId, { fromVersion, toVersion });
      return recorded.map((event) => toDeliveredEvent(event, deps.registry));
    },
  };
}

/** The activities as the worker registers them and the workflows proxy them. */
export type Activities = ReturnType<typeof createActivities>;

async function issue<C, E extends { type: string; data: unknown }>(
  handler: CommandHandler<C, E>,
  request: CommandRequest<C>,
): Promise<CommandOutcome> {
  const { streamId, commandId, command, nowMs } = request;
  const correlationId = request.correlationId ?? commandId;
  let result: HandleResult<E>;
  try {
    result = await handler.handle({
      streamId,
      command,
      commandId,
      context: { now: new Date(nowMs), actor: AUTOMATION_ACTOR },
      metadata: withTraceparent({ causationId: commandId, correlationId }),
    });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const dueAt = error.details?.dueAt;
    return {
      events: [],
      refused: { code: error.code, message: error.message, ...(typeof dueAt === 'string' ? { dueAt } : {}) },
    };
  }
  // The handler's events end at `streamVersion`, one version each, in order.
  const first = result.streamVersion - result.events.length + 1;
  const events = result.events.map((event, index) => ({
    streamId,
    version: first + index,
    type: event.type,
    data: event.data,
    correlationId,
  }));
  return { events };
}
