import { type HandOvers, issue, ROUTER_ACTOR, type WorkHandlers } from '@support-engine/application';
import { type EventSchemaRegistry, fold, isDomainError, streamId } from '@support-engine/domain';
import type { AgentEvent, HandOverCommand, WorkKind } from '@support-engine/domain/agent';
import type { AssignmentCandidate } from '@support-engine/domain/assignment';
import {
  type LoggedEvent,
  planRouting,
  type Reaction,
  RoutingBoard,
  type RoutingDecision,
} from '@support-engine/domain/routing';
import { ticketDecider } from '@support-engine/domain/ticket';
import {
  type Checkpoint,
  type EventStore,
  type HandleResult,
  isConcurrencyError,
  isIdempotencyKeyReusedError,
  type RecordedEvent,
} from '@support-engine/eventstore';
import type { Logger } from 'pino';
import type { BoardStore } from './board-store.js';
import { forEachConcurrently } from './concurrency.js';
import type { RouterConfig } from './config.js';
import { routeCommandId } from './ids.js';

/** What one router cycle did (for tests and benchmarks). */
export interface RouterCycle {
  readonly events: number;
  readonly reactions: number;
  readonly routed: number;
  readonly checkpoint: Checkpoint;
  /** Where the cycle's time went, in milliseconds: the phases run one after another. */
  readonly phasesMs: CyclePhases;
}

/** The phases of a cycle, in order. */
export interface CyclePhases {
  /** Reading the batch after the checkpoint. */
  readonly read: number;
  /** Folding it into the board (with any ended ticket read back). */
  readonly apply: number;
  /** Issuing the reactions. */
  readonly react: number;
  /** Finishing unfinished hand-overs. */
  readonly settle: number;
  /** Planning the queue (`auto` mode). */
  readonly plan: number;
  /** Carrying the plan out as hand-overs. */
  readonly handOvers: number;
  /** Saving the board's changes with the checkpoint. */
  readonly save: number;
}

/** What a router cycle works with: any event store, and somewhere to keep the board. */
export interface CycleOptions {
  readonly store: EventStore;
  readonly boards: BoardStore;
  readonly registry: EventSchemaRegistry;
  readonly handlers: WorkHandlers;
  readonly handOvers: HandOvers;
  readonly config: Pick<RouterConfig, 'mode' | 'batchSize' | 'concurrency' | 'maxDecisions' | 'settleAfterMs'>;
  readonly logger: Logger;
  /** The time the router's commands happen at. */
  readonly clock: () => Date;
}

/** The router's work, one cycle at a time. */
export interface RouterCycles {
  /** Reads the board and checkpoint as last saved, forgetting anything a failed cycle left in memory. */
  restore(): Promise<void>;
  /** One cycle: read a batch, react, settle, route, save. */
  next(): Promise<RouterCycle>;
}

// A decision the log has not confirmed after this long is forgotten (its events will still come).
const OVERLAY_TTL_MS = 60_000;

/**
 * One router cycle: fold a batch of events into the board (`RoutingBoard`), issue the reactions
 * the domain asks for (give slots back, resume reopened tickets, requeue escalated ones, open
 * follow-up tickets), settle hand-overs left unfinished, and in `auto` mode route the queue —
 * the domain plans one decision at a time (highest priority, oldest first, best score), and
 * each decision is carried out as a hand-over, so capacity is enforced by the agent's stream,
 * never by the board. Then the board is saved with the checkpoint.
 *
 * Exactly once: every command has an id derived from the log (the causing event, or the routed
 * item's version), so a cycle redone after a crash repeats ids the store has seen and writes
 * nothing twice; a routing decision redone differently loses to the first on the item's stream
 * version, and its slot is given back.
 */
export function createRouterCycles(options: CycleOptions): RouterCycles {
  const { store, boards, registry, handlers, handOvers, config, logger, clock } = options;
  let state: CycleState | null = null;
  let first = true;

  return {
    async restore() {
      const { snapshot, checkpoint } = await boards.load();
      state = { board: new RoutingBoard(snapshot), checkpoint, overlay: new Map(), settling: new Set() };
      first = true;
    },

    async next() {
      if (state === null) await this.restore();
      const current = state!;
      const phases = stopwatch();
      const batch = await store.readAll(current.checkpoint, { limit: config.batchSize });
      phases.lap('read');
      const reactions: Reaction[] = [];
      for (const recorded of batch) reactions.push(...(await applyEvent(current.board, recorded)));
      forgetConfirmed(current, clock().getTime());
      phases.lap('apply');
      await forEachConcurrently(groupByStream(reactions), config.concurrency, async (group) => {
        for (const reaction of group) await react(current.board, reaction);
      });
      phases.lap('react');
      await settleUnfinished(current);
      phases.lap('settle');
      const routed = config.mode === 'auto' && (batch.length > 0 || first) ? await route(current, phases) : 0;
      first = false;
      const last = batch.at(-1);
      if (last !== undefined) {
        await boards.save(current.board.takeChanges(), current.checkpoint, last.checkpoint);
        current.checkpoint = last.checkpoint;
      }
      phases.lap('save');
      return {
        events: batch.length,
        reactions: reactions.length,
        routed,
        checkpoint: current.checkpoint,
        phasesMs: phases.laps,
      };
    },
  };

  /** Folds one event into the board (reading back an ended ticket it needs first). */
  async function applyEvent(board: RoutingBoard, recorded: RecordedEvent): Promise<Reaction[]> {
    const event: LoggedEvent = {
      streamId: recorded.streamId,
      version: recorded.streamVersion,
      type: recorded.type,
      data: registry.upcast(recorded).data,
      commandId: recorded.metadata.commandId,
    };
    const hydration = board.hydrationFor(event);
    if (hydration !== null) {
      const history = await store.readStream(streamId('ticket', hydration.id), { toVersion: hydration.toVersion });
      const ticket = fold(
        ticketDecider,
        history.map((e) => registry.upcast(e) as never),
      );
      if (ticket !== null) board.hydrateTicket(ticket, hydration.toVersion);
    }
    return board.apply(event);
  }

  /** Issues one reaction; a refusal means it is moot (or its fallback applies). */
  async function react(board: RoutingBoard, reaction: Reaction): Promise<void> {
    try {
      const result = await issue(handlers, reaction, { now: clock(), actor: ROUTER_ACTOR });
      if (reaction.category === 'agent') {
        const request = { streamId: streamId(reaction.category, reaction.id), commandId: reaction.commandId };
        fastForwardRelease(board, request, result as HandleResult<AgentEvent>);
      }
    } catch (error) {
      // A reaction's id derives from the event it answers: held by a command of another shape, it
      // was carried out already, by an earlier version of the engine (a follow-up ticket opened
      // before its command gained a field). Nothing is left to do.
      if (isIdempotencyKeyReusedError(error)) {
        logger.debug({ commandId: reaction.commandId }, 'reaction carried out earlier, in another shape');
        return;
      }
      if (!isDomainError(error)) throw error;
      if (reaction.onRefused) await react(board, reaction.onRefused);
      else logger.debug({ commandId: reaction.commandId, code: error.code }, 'reaction moot');
    }
  }

  /**
   * Takes the router's own release into the board at once, so the freed slot is routed in this
   * cycle rather than once the log brings the release back. Only a release that directly follows
   * what the board knows of the agent's stream, so the board stays the log's fold in order (the
   * log's copy is then skipped as already applied); a release never asks for a reaction.
   */
  function fastForwardRelease(
    board: RoutingBoard,
    request: { streamId: string; commandId: string },
    result: HandleResult<AgentEvent>,
  ): void {
    const [event] = result.events;
    if (result.duplicate || result.events.length !== 1 || event?.type !== 'AgentWorkReleased') return;
    if (board.agentVersion(event.data.agentId) !== result.streamVersion - 1) return;
    const { streamId: stream, commandId } = request;
    board.apply({ streamId: stream, version: result.streamVersion, type: event.type, data: event.data, commandId });
  }

  /** Finishes (or cancels) reservations whose hand-over has been unfinished for too long. */
  async function settleUnfinished(current: CycleState): Promise<void> {
    const now = clock();
    const pending = current.board.pendingHandOvers();
    const live = new Set(pending.map((p) => p.reservationId));
    for (const id of current.settling) if (!live.has(id)) current.settling.delete(id);
    const stale = pending.filter(
      (p) => !current.settling.has(p.reservationId) && now.getTime() - Date.parse(p.reservedAt) >= config.settleAfterMs,
    );
    await forEachConcurrently(stale, config.concurrency, async (p) => {
      current.settling.add(p.reservationId);
      const outcome = await handOvers.settle(p, now);
      const ledger = p.ledger === 'customer' ? { customerId: p.customerId } : { agentId: p.agentId };
      logger.info(
        { reservationId: p.reservationId, ...ledger, item: p.item, outcome },
        'settled an unfinished hand-over',
      );
    });
  }

  /** Plans the queue and carries out each decision as a hand-over. */
  async function route(current: CycleState, phases: Stopwatch): Promise<number> {
    const queue = current.board.queue().filter((item) => !current.overlay.has(item.key));
    const decisions =
      queue.length === 0
        ? []
        : planRouting(queue, withOverlay(current.board.candidates(), current), {
            nowMs: clock().getTime(),
            maxDecisions: config.maxDecisions,
          });
    phases.lap('plan');
    if (decisions.length === 0) return 0;
    let routed = 0;
    await forEachConcurrently(groupByAgent(decisions), config.concurrency, async (group) => {
      for (const decision of group) if (await carryOut(current, decision)) routed++;
    });
    phases.lap('handOvers');
    return routed;
  }

  async function carryOut(current: CycleState, decision: RoutingDecision): Promise<boolean> {
    const { item, agentId, explanation } = decision;
    const version = current.board.item(item.kind, item.id)?.version ?? 0;
    const command: HandOverCommand =
      item.kind === 'chat'
        ? { type: 'AssignChat', data: { chatId: item.id, agentId, routing: explanation } }
        : { type: 'AssignTicket', data: { ticketId: item.id, agentId, routing: explanation, ifUnassigned: true } };
    try {
      await handOvers.handOver({
        agentId,
        item: { kind: item.kind, id: item.id },
        mode: 'routed',
        command,
        actor: ROUTER_ACTOR,
        commandId: routeCommandId(item.key, version),
      });
    } catch (error) {
      // The board was behind the streams (the agent filled up, the item moved), or a decision
      // made earlier at this version (another agent, other scores) holds the command id: the log
      // will bring the news, and a later cycle decides again.
      if (!isDomainError(error) && !isConcurrencyError(error) && !isIdempotencyKeyReusedError(error)) throw error;
      logger.debug({ item: item.key, agentId, reason: error.message }, 'routing decision not carried out');
      return false;
    }
    current.overlay.set(item.key, { agentId, kind: item.kind, itemId: item.id, at: clock().getTime() });
    return true;
  }
}

/** Times a cycle's phases: each lap is charged to the phase that just ended. */
interface Stopwatch {
  readonly laps: { -readonly [K in keyof CyclePhases]: number };
  lap(phase: keyof CyclePhases): void;
}

function stopwatch(): Stopwatch {
  const laps = { read: 0, apply: 0, react: 0, settle: 0, plan: 0, handOvers: 0, save: 0 };
  let since = performance.now();
  return {
    laps,
    lap(phase) {
      const now = performance.now();
      laps[phase] += now - since;
      since = now;
    },
  };
}

/** What the router carries from cycle to cycle. */
interface CycleState {
  readonly board: RoutingBoard;
  checkpoint: Checkpoint;
  /** Decisions carried out that the board has not seen land yet: not routed again, and counted in their agent's load. */
  readonly overlay: Map<string, { agentId: string; kind: WorkKind; itemId: string; at: number }>;
  /** Reservations being settled, so a slow settlement is not started twice. */
  readonly settling: Set<string>;
}

/** Drops decisions the board now shows (held, or gone), or that are too old to wait for. */
function forgetConfirmed(state: CycleState, nowMs: number): void {
  for (const [key, decision] of state.overlay) {
    const item = state.board.item(decision.kind, decision.itemId);
    if (item === undefined || item.holderId !== null || nowMs - decision.at > OVERLAY_TTL_MS) state.overlay.delete(key);
  }
}

/** The team's loads, counting decisions carried out whose reservation the board has not read yet. */
function withOverlay(candidates: AssignmentCandidate[], state: CycleState): AssignmentCandidate[] {
  if (state.overlay.size === 0) return candidates;
  const extra = new Map<string, { chats: number; tickets: number }>();
  for (const decision of state.overlay.values()) {
    const agent = state.board.agent(decision.agentId);
    if (agent?.holdings.some((h) => h.item.kind === decision.kind && h.item.id === decision.itemId)) continue;
    const load = extra.get(decision.agentId) ?? { chats: 0, tickets: 0 };
    if (decision.kind === 'chat') load.chats++;
    else load.tickets++;
    extra.set(decision.agentId, load);
  }
  return candidates.map((c) => {
    const more = extra.get(c.agentId);
    return more ? { ...c, chats: c.chats + more.chats, tickets: c.tickets + more.tickets } : c;
  });
}

/** Reactions grouped by the stream they write to, in order: one stream's go one by one. */
function groupByStream(reactions: readonly Reaction[]): Reaction[][] {
  return groupBy(reactions, (reaction) => `${reaction.category}-${reaction.id}`);
}

/**
 * Decisions grouped by agent, in plan order: one agent's hand-overs go one by one, since each
 * reserves on that agent's stream, and concurrent ones would only conflict there and retry.
 */
function groupByAgent(decisions: readonly RoutingDecision[]): RoutingDecision[][] {
  return groupBy(decisions, (decision) => decision.agentId);
}

/** `values` grouped by key, each group in order, the groups in order of their first value. */
function groupBy<T>(values: readonly T[], keyOf: (value: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const key = keyOf(value);
    const group = groups.get(key);
    if (group) group.push(value);
    else groups.set(key, [value]);
  }
  return [...groups.values()];
}
