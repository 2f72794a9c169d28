import { condition, log, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities, CommandOutcome, CommandRequest } from '../activities.js';
import { type DeliveredEvent, deliverEventSignal, type EntityWorkflowInput } from '../contract.js';
import { automationCommandId } from '../ids.js';
import { Inbox } from './inbox.js';

/** The activities, with retries for infrastructure failures (domain refusals come back as values). */
export const activities = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

type Carried<State> = NonNullable<EntityWorkflowInput<unknown, State>['carried']>;

/**
 * A timer the domain refused as early waits for the instant the domain names and is asked again
 * (runs from before it counted such a timer as fired: it never went out).
 */
export const EARLY_TIMER_PATCH = 'early-timer-waits';

/**
 * The machinery every entity workflow shares: it receives its stream's events (signals, gap
 * fills, its own commands' results), folds them with the domain's `evolve`, remembers which
 * timers fired, and issues commands with deterministic ids. Workflow ids equal stream ids.
 */
export class Entity<State> {
  readonly streamId = workflowInfo().workflowId;
  readonly inbox: Inbox;
  readonly #fired: Set<string>;
  #state: State;
  /** The correlation id of the last event applied: the cause the next command carries on. */
  #correlationId: string | undefined;

  constructor(
    initial: State,
    private readonly evolve: (state: State, event: DeliveredEvent) => State,
    carried: Carried<State> | undefined,
  ) {
    this.#state = carried?.state ?? initial;
    this.inbox = new Inbox(carried?.inbox);
    this.#fired = new Set(carried?.fired);
    this.#correlationId = carried?.correlationId;
    setHandler(deliverEventSignal, (event) => {
      if (event.streamId === this.streamId) this.inbox.offer(event);
      else log.warn('Ignored an event of another stream', { streamId: event.streamId, version: event.version });
    });
  }

  /** The folded state. */
  get state(): State {
    return this.#state;
  }

  /** True when the timer with this purpose already fired (in this run or an earlier one). */
  hasFired(purpose: string): boolean {
    return this.#fired.has(purpose);
  }

  /**
   * Applies every event that continues the stream; when one is missing (a new run after the
   * workflow completed, or out-of-order delivery), reads the missing range from the store first.
   */
  async catchUp(): Promise<void> {
    for (;;) {
      for (const event of this.inbox.takeReady()) {
        this.#state = this.evolve(this.#state, event);
        this.#correlationId = event.correlationId;
      }
      const gap = this.inbox.gap();
      if (gap === null) return;
      const missing = await activities.readStreamEvents(this.streamId, gap.from, gap.to);
      // Versions below a stored one always exist; coming back short means the store is broken.
      if (missing.length !== gap.to - gap.from + 1) {
        throw new Error(`Stream ${this.streamId} lacks versions ${gap.from}..${gap.to}`);
      }
      for (const event of missing) this.inbox.offer(event);
    }
  }

  /**
   * Fires the timer `purpose`: issues its command with the id `<workflow id>:<purpose>` and the
   * workflow's time as `now` and the correlation id of the last event applied (what caused it),
   * and takes in the events it wrote. Returns the outcome. A command the domain refuses as not
   * yet due (the worker counts with other timings than this run was started with: a deployment
   * changed them) is not spent: the run waits until the instant the domain names, or until an
   * event that may settle it, and the caller's loop asks again.
   */
  async fire<C>(
    purpose: string,
    command: C,
    issue: (request: CommandRequest<C>) => Promise<CommandOutcome>,
  ): Promise<CommandOutcome> {
    this.#fired.add(purpose);
    const commandId = automationCommandId(this.streamId, purpose);
    const correlationId = this.#correlationId;
    const outcome = await issue({
      streamId: this.streamId,
      commandId,
      command,
      nowMs: Date.now(),
      ...(correlationId === undefined ? {} : { correlationId }),
    });
    if (outcome.refused) log.warn('The domain refused an automation command', { commandId, ...outcome.refused });
    const dueAt = outcome.refused?.dueAt;
    if (dueAt !== undefined && patched(EARLY_TIMER_PATCH)) {
      this.#fired.delete(purpose);
      const waitMs = Math.max(1, Date.parse(dueAt) - Date.now());
      await condition(() => this.inbox.hasPending, waitMs, { summary: `${purpose}: due at ${dueAt} for the domain` });
    }
    for (const event of outcome.events) this.inbox.offer(event);
    return outcome;
  }

  /**
   * Waits for new events, or until `timeoutMs` passes (the next timer, named by `purpose` in the
   * timer's summary, which the Temporal UI shows in the history); forever when null.
   */
  async waitForEvents(timeoutMs: number | null, purpose?: string): Promise<void> {
    const hasEvents = () => this.inbox.hasPending;
    if (timeoutMs === null) await condition(hasEvents);
    else await condition(hasEvents, Math.max(1, timeoutMs), { summary: purpose ?? 'next timer' });
  }

  /**
   * Waits up to `lingerMs` for more events once the entity is closed; true when some arrived
   * (the run goes on), false when it may complete.
   */
  async lingerForEvents(lingerMs: number): Promise<boolean> {
    return condition(() => this.inbox.hasPending, lingerMs, { summary: 'closed: linger before completing' });
  }

  /** True when this run should hand over to a new one (server suggestion or history bound). */
  shouldContinueAsNew(maxHistoryEvents: number): boolean {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= maxHistoryEvents;
  }

  /** What the next run needs: the folded state, the stream position and the fired timers. */
  carry(): Carried<State> {
    const correlationId = this.#correlationId;
    return {
      state: this.#state,
      inbox: this.inbox.snapshot(),
      fired: [...this.#fired],
      ...(correlationId === undefined ? {} : { correlationId }),
    };
  }
}
