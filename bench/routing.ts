/**
 * Routing: the router (`createRouter`, `auto` mode, in this process) giving queued tickets to a
 * team whose capacity binds, against plain `AssignTicket` commands through the same ticket
 * command handler, on one embedded PostgreSQL server in the same run.
 *
 * The team: 200 agents (varied skills, languages, tiers and ratings, all `available`), each with
 * a ticket cap of 3, so 600 slots for 10,000 tickets: the queue drains only as agents free
 * capacity. A load in a worker thread (`lib/routing-load.ts`) opens the tickets and, as their
 * agent, resolves each one a hold time after it was assigned; the router reads the resolution,
 * releases the slot on the agent's ledger, and routes into it. Each engine scenario runs on a
 * fresh database, registers the team through the command handlers, starts the router and the
 * load, waits until every slot is back, and reads the log:
 *
 * - decisions/s: tickets over the span from the first `TicketOpened` to the last
 *   `TicketAssigned` (store time, `recordedAt`);
 * - opened -> assigned per ticket (the issue's "event logged to assignment logged"): it includes
 *   waiting for a free slot, which is queueing, not routing;
 * - routable -> assigned per ticket: from the later of its opening and the moment the slot it got
 *   became free (found by replaying that agent's ledger: the release after which the agent held
 *   fewer tickets than that slot's rank) to its assignment. A ticket and a slot for it both
 *   existed; only the router kept them apart;
 * - checks (the scenario fails otherwise): every ticket assigned exactly once and by a
 *   reservation; no ledger ever above the cap, replayed reservation by reservation; all slots back.
 *
 * Two scenarios, because the rate and the latency cannot be read off the same load: a router
 * that is kept busy has a backlog, and then routable tickets wait for it.
 * - backlog (the rate): 10,000 tickets opened as fast as the producer can, each resolved as soon
 *   as the floor sees it assigned. The router is the bottleneck, so its decisions/s is what it can
 *   do; the latencies are a saturated router's.
 * - paced (the latency): tickets arrive at a steady rate while agents hold each one for a while,
 *   so slots, not the router, are the bottleneck: tickets queue for slots, and routable ->
 *   assigned is the router's reaction to a ticket or a freed slot.
 *
 * Baselines, each on a fresh database, in the same run:
 * - the same flow without the router: the same team and load, and a dispatcher that follows the
 *   log and gives each freed slot the oldest opened ticket with a plain `AssignTicket` (round
 *   robin, no score, no ledger) at the router's concurrency (`dispatchRound`). Routing's cost is
 *   what separates the two: the flow ratio, backlog decisions/s over the dispatcher's, per round;
 * - bare assigns: the same number of tickets opened (untimed), then as many plain `AssignTicket`
 *   commands (round robin; no reservation, no router, no load) through the ticket command handler,
 *   timed at the router's concurrency (`ROUTER_CONCURRENCY`, 16) and at 1. The bare ratio is
 *   backlog decisions/s over these. No router can reach 0.5x of it in this flow: the flow's own
 *   writes (every ticket opened and resolved besides its assignment) already hold the dispatcher,
 *   which does nothing but assign, to about 0.3x.
 * The disk's fsync latency drifts, so rounds alternate (backlog, then dispatcher and bare; then
 * the other way round) and medians of the per-round ratios are the headlines; the paced scenario
 * follows each round. An unmeasured 1,000-ticket backlog runs first, to warm up.
 *
 *   node --conditions=@support-engine/source --import tsx bench/routing.ts
 *   BENCH_ITEMS=10000 BENCH_AGENTS=200 BENCH_ROUNDS=3 BENCH_TICKET_CAP=3 BENCH_BASELINE_SERIAL=1
 *   BENCH_PACED_ITEMS=2000 (0 skips it) BENCH_PACED_RATE=40 BENCH_PACED_HOLD_MS=20000
 *   and the router's own variables (ROUTER_CONCURRENCY, ROUTER_MAX_DECISIONS, ...)
 *
 * Targets (the issue): decisions/s >= 0.5x the baseline's assigns/s; p99 < 250 ms. The rate is
 * judged on the flow ratio (the same flow with plain `AssignTicket` commands issued directly); the
 * bare ratio is printed beside it. The p99 is judged on routable -> assigned in the paced scenario:
 * the issue's "event logged to assignment logged", from the event that made the decision possible
 * (the ticket's opening, or the release of the slot it got), under a load the router keeps up with.
 * Opened -> assigned measures the team's capacity against the arrivals, and a saturated router's
 * latency is its own backlog.
 */
import { pathToFileURL } from 'node:url';
import { createHandOvers, createWorkHandlers, type WorkHandlers } from '@support-engine/application';
import { type Actor, createDomainEventRegistry, streamId, type TicketPriority } from '@support-engine/domain';
import type { AgentCommand, AgentTier } from '@support-engine/domain/agent';
import { type RecordedEvent, START } from '@support-engine/eventstore';
import {
  createPostgresEventStore,
  migrateEventStore,
  type PostgresEventStore,
} from '@support-engine/eventstore-postgres';
import {
  type CyclePhases,
  createRouter,
  loadRouterConfig,
  migrateRouting,
  type RouterConfig,
  type RouterCycle,
} from '@support-engine/routing';
import { type RunningPostgres, startPostgres } from '@support-engine/servers';
import { sql } from 'kysely';
import { pino } from 'pino';
import { alternately, fromEnv, median, quantile, seededRandom, timed } from './lib/measure.js';
import { type LoadSummary, openTicket, startRoutingLoad, type TicketSpec } from './lib/routing-load.js';

/** How tickets arrive and leave in one engine scenario. */
export interface Scenario {
  readonly name: 'backlog' | 'paced';
  readonly items: number;
  /** Tickets opened per second; 0 opens them as fast as the producer can. */
  readonly arrivalRate: number;
  /** Mean time an agent holds a ticket before resolving it; 0 resolves it as soon as the floor sees it assigned. */
  readonly holdMs: number;
}

/** Options of {@link runRoutingBench}; each defaults to its `BENCH_*` variable. */
export interface RoutingBenchOptions {
  /** Tickets of the backlog scenario and of each baseline measurement (`BENCH_ITEMS`, 10,000). */
  readonly items?: number;
  /** Agents on the team (`BENCH_AGENTS`, 200). */
  readonly agents?: number;
  /** Backlog rounds, and as many baseline rounds (`BENCH_ROUNDS`, 3). */
  readonly rounds?: number;
  /** Each agent's ticket cap (`BENCH_TICKET_CAP`, 3): the slots the queue drains through. */
  readonly ticketCap?: number;
  /** Also time the baseline at concurrency 1 (`BENCH_BASELINE_SERIAL`, 1). */
  readonly baselineSerial?: boolean;
  /**
   * The paced scenario, after each backlog/baseline pair, or `null` to skip it (`BENCH_PACED_ITEMS`,
   * 2,000, 0 skips; `BENCH_PACED_RATE`, 40/s; `BENCH_PACED_HOLD_MS`, 20,000). Its defaults keep the
   * router well below the rate it reaches in the backlog while slots bind: 600 slots held 20 s on
   * average free 30 a second, fewer than the 40 arriving, so tickets queue for slots.
   */
  readonly paced?: Omit<Scenario, 'name'> | null;
  /** The router's configuration; `loadRouterConfig()` (the environment's) in `auto` mode by default. */
  readonly router?: RouterConfig;
}

/** A latency distribution, in milliseconds. */
export interface Latency {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** One engine scenario, read back from its log. */
export interface EngineRound {
  readonly scenario: Scenario;
  /** First `TicketOpened` to last `TicketAssigned`, store time. */
  readonly seconds: number;
  readonly decisionsPerSecond: number;
  /** Opened -> assigned: includes waiting for a free slot. */
  readonly openedToAssigned: Latency;
  /** Routable (opened, and the slot it got free) -> assigned: the router's delay. */
  readonly routableToAssigned: Latency;
  /** Reservations given back because their hand-over did not happen. */
  readonly cancelled: number;
  /** Most tickets any agent's ledger held at once (never above the cap, or the scenario fails). */
  readonly peakHeld: number;
  /** Router cycles that had work: their duration, the mean decisions of those that routed, the mean time of each phase. */
  readonly cycles: {
    readonly count: number;
    readonly p50Ms: number;
    readonly p99Ms: number;
    readonly routedMean: number;
    readonly phasesMs: CyclePhases;
  };
  readonly load: LoadSummary;
}

/** One baseline round: plain assigns per second at each concurrency. */
export interface BaselineRound {
  readonly assignsPerSecond: ReadonlyMap<number, number>;
}

/** Everything measured. */
export interface RoutingBenchResult {
  readonly agents: number;
  readonly ticketCap: number;
  readonly router: RouterConfig;
  readonly backlog: readonly EngineRound[];
  readonly paced: readonly EngineRound[];
  readonly baseline: readonly BaselineRound[];
  /** The backlog flow with a plain dispatcher instead of the router, per round. */
  readonly dispatch: readonly DispatchRound[];
  /** Backlog decisions/s over the dispatcher's in the same flow, per round: what routing costs. */
  readonly flowRatios: readonly number[];
  readonly flowRatio: number;
  /** Backlog decisions/s over bare baseline assigns/s at the router's concurrency, per round. */
  readonly ratios: readonly number[];
  readonly ratio: number;
}

const CATEGORIES = ['billing', 'technical', 'account', 'shipping', 'returns', 'security'] as const;
const LANGUAGES = ['en', 'de', 'fr', 'es', 'ja'] as const;
const SUPERVISOR = { id: 'lead', role: 'supervisor' } as const;
const SYSTEM = { id: 'bench', role: 'system' } as const;
/** Tickets of the unmeasured backlog scenario that runs first. */
const WARMUP_ITEMS = 1_000;
/** How long the router may take to give the last slots back once every ticket is resolved. */
const DRAIN_TIMEOUT_MS = 60_000;

/** Picks from `values` with the given weights (same length). */
function weighted<T>(random: () => number, values: readonly T[], weights: readonly number[]): T {
  let x = random() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < values.length; i++) {
    x -= weights[i]!;
    if (x < 0) return values[i]!;
  }
  return values.at(-1)!;
}

/** Picks `count` distinct values. */
function some<T>(random: () => number, values: readonly T[], count: number): T[] {
  return [...values]
    .map((value) => ({ value, key: random() }))
    .sort((a, b) => a.key - b.key)
    .slice(0, count)
    .map(({ value }) => value);
}

interface AgentSpec {
  readonly agentId: string;
  readonly skills: string[];
  readonly languages: string[];
  readonly tier: AgentTier;
  readonly rating: number;
}

/** A varied team: 1-3 skills, English plus 0-1 more language, tiers 60/30/10 %, ratings 3-9. */
function team(count: number): AgentSpec[] {
  const random = seededRandom(7);
  return Array.from({ length: count }, (_, i) => ({
    agentId: `agent-${String(i).padStart(4, '0')}`,
    skills: some(random, CATEGORIES, 1 + Math.floor(random() * 3)),
    languages: ['en', ...some(random, LANGUAGES.slice(1), Math.floor(random() * 2))],
    tier: weighted(random, [1, 2, 3] as const, [6, 3, 1]),
    rating: 3 + Math.floor(random() * 7),
  }));
}

/** Tickets of mixed priority (5 % urgent, 15 % high, 60 % normal, 20 % low), category and language. */
function tickets(count: number, prefix: string): TicketSpec[] {
  const random = seededRandom(11);
  const priorities: TicketPriority[] = ['urgent', 'high', 'normal', 'low'];
  return Array.from({ length: count }, (_, i) => ({
    ticketId: `${prefix}-${String(i).padStart(6, '0')}`,
    customerId: `customer-${i % 1_000}`,
    priority: weighted(random, priorities, [5, 15, 60, 20]),
    category: weighted(random, CATEGORIES, [3, 3, 2, 1, 1, 1]),
    language: weighted(random, LANGUAGES, [6, 1, 1, 1, 1]),
  }));
}

/** A fresh database with the event store and the router's tables. */
async function freshStore(server: RunningPostgres, name: string) {
  const connectionString = await server.createDatabase(name);
  const store = createPostgresEventStore({ connectionString });
  await migrateEventStore(store.db);
  await migrateRouting(store.db);
  const registry = createDomainEventRegistry();
  return { connectionString, store, registry, handlers: createWorkHandlers(store, registry) };
}

/** Registers the team through the agent command handler and makes everyone available. */
async function registerTeam(handlers: WorkHandlers, agents: readonly AgentSpec[], ticketCap: number): Promise<void> {
  await timed(0, agents.length, 8, async (i) => {
    const { agentId, skills, languages, tier, rating } = agents[i]!;
    const handle = (command: AgentCommand, actor: Actor = SUPERVISOR) =>
      handlers.agent.handle({
        streamId: streamId('agent', agentId),
        command,
        commandId: `${command.type}:${agentId}`,
        context: { now: new Date(), actor },
      });
    await handle(
      {
        type: 'RegisterAgent',
        data: {
          agentId,
          name: `Agent ${i}`,
          skills,
          languages,
          tier,
          capacity: 3,
          ticketCapacity: ticketCap,
          performanceRating: rating,
        },
      },
      SYSTEM,
    );
    await handle({ type: 'SetAvailability', data: { agentId, availability: 'available' } });
  });
}

/** Every event of the store, in log order. */
async function readLog(store: PostgresEventStore): Promise<RecordedEvent[]> {
  const log: RecordedEvent[] = [];
  for (let after = START; ; ) {
    const page = await store.readAll(after, { limit: 10_000 });
    if (page.length === 0) return log;
    log.push(...page);
    after = page.at(-1)!.checkpoint;
  }
}

function latency(values: number[]): Latency {
  const sorted = values.sort((a, b) => a - b);
  return {
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: sorted.at(-1)!,
  };
}

type Reserved = { reservationId: string; handOver?: { commandId: string } };
type Released = { released: { reservationId: string }[]; cause: string };

/** The flow's rate and opened -> assigned latency, read off its log; throws unless each ticket was opened and assigned once. */
function flow(log: readonly RecordedEvent[], items: number) {
  const opened = new Map<string, number>();
  const assigned = new Map<string, { at: number; commandId: string }[]>();
  for (const event of log) {
    const at = event.recordedAt.getTime();
    if (event.type === 'TicketOpened') opened.set(event.streamId, at);
    else if (event.type === 'TicketAssigned') {
      const list = assigned.get(event.streamId) ?? [];
      list.push({ at, commandId: event.metadata.commandId ?? '' });
      assigned.set(event.streamId, list);
    }
  }
  if (opened.size !== items) throw new Error(`${opened.size} tickets opened, expected ${items}`);
  const latencies: number[] = [];
  let lastAssigned = Number.NEGATIVE_INFINITY;
  for (const [stream, openedAt] of opened) {
    const list = assigned.get(stream) ?? [];
    if (list.length !== 1) throw new Error(`${stream} was assigned ${list.length} times`);
    latencies.push(list[0]!.at - openedAt);
    lastAssigned = Math.max(lastAssigned, list[0]!.at);
  }
  const seconds = (lastAssigned - Math.min(...opened.values())) / 1_000;
  const assignment = (stream: string) => assigned.get(stream)![0]!;
  return { opened, assignment, seconds, decisionsPerSecond: items / seconds, openedToAssigned: latency(latencies) };
}

/**
 * Reads a router round's log back: the flow, the router's own latency, and the ledger checks
 * (throws on any violation). The ledger replay gives each reservation the instant its slot became
 * free: the last release after which the agent held fewer tickets than the slot's rank (or the
 * start, if never full).
 */
function analyse(log: readonly RecordedEvent[], items: number, ticketCap: number) {
  const ledgers = new Map<string, { held: number; freeSince: number[] }>();
  const slotFreeSince = new Map<string, number>();
  const releasedAtEnd = new Map<string, number>();
  let cancelled = 0;
  let peakHeld = 0;
  for (const event of log) {
    if (event.type !== 'AgentWorkReserved' && event.type !== 'AgentWorkReleased') continue;
    const at = event.recordedAt.getTime();
    const ledger = ledgers.get(event.streamId) ?? { held: 0, freeSince: [] };
    ledgers.set(event.streamId, ledger);
    if (event.type === 'AgentWorkReserved') {
      const { handOver } = event.data as Reserved;
      // The slot this reservation takes has been free since the agent last dropped to `held`.
      if (handOver) slotFreeSince.set(handOver.commandId, ledger.freeSince[ledger.held] ?? Number.NEGATIVE_INFINITY);
      ledger.held++;
      peakHeld = Math.max(peakHeld, ledger.held);
      if (ledger.held > ticketCap) throw new Error(`${event.streamId} held ${ledger.held} tickets (cap ${ticketCap})`);
    } else {
      const { released, cause } = event.data as Released;
      if (cause === 'cancelled') cancelled += released.length;
      for (let k = ledger.held - released.length; k < ledger.held; k++) ledger.freeSince[k] = at;
      ledger.held -= released.length;
    }
    releasedAtEnd.set(event.streamId, ledger.held);
  }
  const stillHeld = [...releasedAtEnd].filter(([, held]) => held !== 0);
  if (stillHeld.length > 0) throw new Error(`${stillHeld.length} agents still hold slots after the round`);

  const { opened, assignment, ...rest } = flow(log, items);
  const routerLatencies: number[] = [];
  for (const [stream, openedAt] of opened) {
    const { at, commandId } = assignment(stream);
    const freeSince = slotFreeSince.get(commandId);
    if (freeSince === undefined) throw new Error(`${stream}: assignment ${commandId} has no reservation`);
    routerLatencies.push(at - Math.max(openedAt, freeSince));
  }
  return { ...rest, routableToAssigned: latency(routerLatencies), cancelled, peakHeld };
}

/**
 * Busy router cycles: those that read events or routed. A cycle's duration is the time since the
 * previous one ended, counted only when that one did not sleep (it read a full batch, or routed).
 */
function cycleStats(cycles: readonly (RouterCycle & { at: number })[], batchSize: number): EngineRound['cycles'] {
  const durations: number[] = [];
  for (let i = 1; i < cycles.length; i++) {
    const previous = cycles[i - 1]!;
    if (previous.events >= batchSize || previous.routed > 0) durations.push(cycles[i]!.at - previous.at);
  }
  const busy = cycles.filter((c) => c.events > 0 || c.routed > 0);
  const routing = busy.filter((c) => c.routed > 0);
  const sorted = durations.sort((a, b) => a - b);
  const mean = (phase: keyof CyclePhases) => busy.reduce((sum, c) => sum + c.phasesMs[phase], 0) / (busy.length || 1);
  return {
    count: busy.length,
    p50Ms: sorted.length ? quantile(sorted, 0.5) : 0,
    p99Ms: sorted.length ? quantile(sorted, 0.99) : 0,
    routedMean: routing.length ? routing.reduce((sum, c) => sum + c.routed, 0) / routing.length : 0,
    phasesMs: {
      read: mean('read'),
      apply: mean('apply'),
      react: mean('react'),
      settle: mean('settle'),
      plan: mean('plan'),
      handOvers: mean('handOvers'),
      save: mean('save'),
    },
  };
}

interface Workload {
  readonly server: RunningPostgres;
  readonly agents: readonly AgentSpec[];
  readonly ticketCap: number;
  readonly router: RouterConfig;
}

/**
 * The router routing the scenario's tickets over the team while the load opens and resolves them;
 * `name` names the database, the tickets and the progress lines.
 */
async function engineRound(workload: Workload, scenario: Scenario, name: string): Promise<EngineRound> {
  const { server, agents, ticketCap, router: config } = workload;
  const { connectionString, store, registry, handlers } = await freshStore(server, `routing_${name}`);
  try {
    await registerTeam(handlers, agents, ticketCap);
    const cycles: (RouterCycle & { at: number })[] = [];
    const router = createRouter({
      store,
      connectionString,
      registry,
      handlers,
      handOvers: createHandOvers({ store, registry, handlers, clock: () => new Date() }),
      config,
      logger: pino({ level: 'warn' }),
      onCycle: (cycle) => cycles.push({ ...cycle, at: performance.now() }),
    });
    const stop = new AbortController();
    const running = router.run(stop.signal);
    try {
      // The team is on the board before the first ticket arrives.
      while (!cycles.some((c) => c.events === 0)) await new Promise((resolve) => setTimeout(resolve, 20));
      const first = cycles.length;
      const load = await scenarioLoad(connectionString, scenario, name);
      await slotsBack(store);
      stop.abort();
      await running;
      return {
        scenario,
        ...analyse(await readLog(store), scenario.items, ticketCap),
        cycles: cycleStats(cycles.slice(first), config.batchSize),
        load,
      };
    } finally {
      stop.abort();
      await running.catch(() => {});
    }
  } finally {
    await store.close();
  }
}

/** One round of the same flow with a plain dispatcher in place of the router. */
export interface DispatchRound {
  readonly decisionsPerSecond: number;
  readonly openedToAssigned: Latency;
}

/**
 * The flow's other subject, on a fresh database: the same team, the same load (tickets opened,
 * resolved by their agent), but no router and no ledger. A dispatcher in this process follows
 * the log and gives each freed slot the oldest opened ticket with a plain `AssignTicket` through
 * the ticket command handler (round robin over agents with room, no score, no reservation, at
 * the router's concurrency). What is left between the two subjects is what routing costs.
 */
async function dispatchRound(workload: Workload, scenario: Scenario, name: string): Promise<DispatchRound> {
  const { server, agents, ticketCap, router } = workload;
  const { connectionString, store, handlers } = await freshStore(server, `routing_${name}`);
  const stop = new AbortController();
  let following: Promise<void> = Promise.resolve();
  try {
    await registerTeam(handlers, agents, ticketCap);
    const queue: string[] = [];
    const room = new Map(agents.map((agent) => [agent.agentId, ticketCap]));
    const holders = new Map<string, string>();
    let inFlight = 0;
    let cursor = 0;
    let failure: unknown = null;
    const nextWithRoom = () => {
      for (let tried = 0; tried < agents.length; tried++) {
        const agentId = agents[cursor++ % agents.length]!.agentId;
        if (room.get(agentId)! > 0) return agentId;
      }
      return undefined;
    };
    const dispatch = () => {
      while (inFlight < router.concurrency && queue.length > 0) {
        const agentId = nextWithRoom();
        if (agentId === undefined) return;
        const ticketId = queue.shift()!;
        room.set(agentId, room.get(agentId)! - 1);
        holders.set(ticketId, agentId);
        inFlight++;
        handlers.ticket
          .handle({
            streamId: streamId('ticket', ticketId),
            command: { type: 'AssignTicket', data: { ticketId, agentId } },
            commandId: `assign:${ticketId}`,
            context: { now: new Date(), actor: SUPERVISOR },
          })
          .then(() => {
            inFlight--;
            dispatch();
          })
          .catch((error: unknown) => {
            failure ??= error;
          });
      }
    };
    following = store.subscribe(
      START,
      (event) => {
        const { ticketId, to } = event.data as { ticketId?: string; to?: string };
        if (event.type === 'TicketOpened') queue.push(ticketId!);
        else if (event.type === 'TicketStatusChanged' && to === 'resolved') {
          const agentId = holders.get(ticketId!)!;
          room.set(agentId, room.get(agentId)! + 1);
        }
        dispatch();
      },
      { signal: stop.signal },
    );
    await scenarioLoad(connectionString, scenario, name);
    if (failure !== null) throw failure;
    const { decisionsPerSecond, openedToAssigned } = flow(await readLog(store), scenario.items);
    return { decisionsPerSecond, openedToAssigned };
  } finally {
    stop.abort();
    await following.catch(() => {});
    await store.close();
  }
}

/** Waits until the router has given back every slot (it releases a resolved ticket's slot after reading it). */
/** The producer and the floor of `scenario`, reporting progress on stderr; resolves when both are done. */
function scenarioLoad(connectionString: string, scenario: Scenario, name: string): Promise<LoadSummary> {
  return startRoutingLoad(
    {
      connectionString,
      tickets: tickets(scenario.items, name),
      arrivalRate: scenario.arrivalRate,
      producerConcurrency: 8,
      holdMs: scenario.holdMs,
      floorConcurrency: 8,
    },
    (opened, resolved) => console.error(`  ${name}: ${opened} opened, ${resolved} resolved`),
  );
}

async function slotsBack(store: PostgresEventStore): Promise<void> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  for (;;) {
    const { rows } = await sql<{ reserved: number; released: number }>`
      select count(*) filter (where type = 'AgentWorkReserved')::int as reserved,
             coalesce(sum(jsonb_array_length(data -> 'released')) filter (where type = 'AgentWorkReleased'), 0)::int as released
      from events where stream_id like 'agent-%'`.execute(store.db);
    if (rows[0]!.reserved === rows[0]!.released) return;
    if (Date.now() > deadline)
      throw new Error(`slots still held after ${DRAIN_TIMEOUT_MS} ms: ${JSON.stringify(rows[0])}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Plain `AssignTicket` commands through the ticket command handler, at each concurrency. */
async function baselineRound(
  workload: Workload,
  items: number,
  round: number,
  concurrencies: readonly number[],
): Promise<BaselineRound> {
  const { server, agents } = workload;
  const { store, handlers } = await freshStore(server, `routing_baseline_${round}`);
  try {
    const assignsPerSecond = new Map<number, number>();
    for (const concurrency of concurrencies) {
      const specs = tickets(items, `baseline${round}c${concurrency}`);
      await timed(0, items, 8, (i) => openTicket(handlers.ticket, specs[i]!));
      const seconds = await timed(0, items, concurrency, (i) => {
        const { ticketId } = specs[i]!;
        const agentId = agents[i % agents.length]!.agentId;
        return handlers.ticket.handle({
          streamId: streamId('ticket', ticketId),
          command: { type: 'AssignTicket', data: { ticketId, agentId } },
          commandId: `assign:${ticketId}`,
          context: { now: new Date(), actor: SUPERVISOR },
        });
      });
      assignsPerSecond.set(concurrency, items / seconds);
      console.error(`  baseline_${round}: ${(items / seconds).toFixed(0)} assigns/s at concurrency ${concurrency}`);
    }
    return { assignsPerSecond };
  } finally {
    await store.close();
  }
}

/** Runs the rounds on a fresh embedded PostgreSQL. */
export async function runRoutingBench(options: RoutingBenchOptions = {}): Promise<RoutingBenchResult> {
  const items = options.items ?? fromEnv('BENCH_ITEMS', 10_000);
  const agentCount = options.agents ?? fromEnv('BENCH_AGENTS', 200);
  const rounds = options.rounds ?? fromEnv('BENCH_ROUNDS', 3);
  const ticketCap = options.ticketCap ?? fromEnv('BENCH_TICKET_CAP', 3);
  const baselineSerial = options.baselineSerial ?? fromEnv('BENCH_BASELINE_SERIAL', 1) !== 0;
  const pacedItems = fromEnv('BENCH_PACED_ITEMS', 2_000);
  const paced =
    options.paced !== undefined
      ? options.paced
      : pacedItems > 0
        ? {
            items: pacedItems,
            arrivalRate: fromEnv('BENCH_PACED_RATE', 40),
            holdMs: fromEnv('BENCH_PACED_HOLD_MS', 20_000),
          }
        : null;
  const router = options.router ?? { ...loadRouterConfig(), mode: 'auto' };
  const concurrencies = baselineSerial && router.concurrency !== 1 ? [router.concurrency, 1] : [router.concurrency];
  const backlogScenario: Scenario = { name: 'backlog', items, arrivalRate: 0, holdMs: 0 };

  const server = await startPostgres();
  try {
    const workload = { server, agents: team(agentCount), ticketCap, router };
    const backlog: EngineRound[] = [];
    const pacedRounds: EngineRound[] = [];
    const baseline: BaselineRound[] = [];
    const dispatch: DispatchRound[] = [];
    // Unmeasured: the first round otherwise pays for compiling the router's and the handlers' code.
    await engineRound(workload, { ...backlogScenario, items: Math.min(items, WARMUP_ITEMS) }, 'warmup');
    for (let round = 0; round < rounds; round++) {
      const router = async () => backlog.push(await engineRound(workload, backlogScenario, `backlog_${round}`));
      const others = async () => {
        dispatch.push(await dispatchRound(workload, backlogScenario, `dispatch_${round}`));
        baseline.push(await baselineRound(workload, items, round, concurrencies));
      };
      await alternately(round, router, others);
      if (paced !== null) pacedRounds.push(await engineRound(workload, { name: 'paced', ...paced }, `paced_${round}`));
    }
    const ratios = backlog.map((e, i) => e.decisionsPerSecond / baseline[i]!.assignsPerSecond.get(router.concurrency)!);
    const flowRatios = backlog.map((e, i) => e.decisionsPerSecond / dispatch[i]!.decisionsPerSecond);
    return {
      agents: agentCount,
      ticketCap,
      router,
      backlog,
      paced: pacedRounds,
      baseline,
      dispatch,
      flowRatios,
      flowRatio: median(flowRatios),
      ratios,
      ratio: median(ratios),
    };
  } finally {
    await server.stop();
  }
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
const perSecond = (value: number) => `${value.toFixed(0)}/s`;

function describe({ name, items, arrivalRate, holdMs }: Scenario): string {
  const arrival = arrivalRate > 0 ? `arriving at ${perSecond(arrivalRate)}` : 'opened as fast as the producer can';
  const hold = holdMs > 0 ? `held ${ms(holdMs)} on average` : 'resolved as soon as the floor sees them assigned';
  return `${name}: ${items} tickets ${arrival}, ${hold}`;
}

/** The result as plain-text tables. */
export function formatRoutingBench(result: RoutingBenchResult): string {
  const { router } = result;
  const concurrencies = [...(result.baseline[0]?.assignsPerSecond.keys() ?? [])];
  const scenarios = [result.backlog[0], result.paced[0]].filter((e) => e !== undefined);
  const distribution = (x: Latency) => `${x.p50} / ${x.p95} / ${x.p99} / ${x.max}`.padStart(27);
  // Each scenario row starts with its name and round.
  const rows = [...result.backlog, ...result.paced].map((e) => {
    const round = (e.scenario.name === 'backlog' ? result.backlog : result.paced).indexOf(e) + 1;
    return { e, label: `${e.scenario.name.padEnd(8)}  ${String(round).padStart(5)}` };
  });
  return [
    `${result.agents} agents, ticket cap ${result.ticketCap} (${result.agents * result.ticketCap} slots); ` +
      `router concurrency ${router.concurrency}, max decisions ${router.maxDecisions}, batch ${router.batchSize}`,
    ...scenarios.map((e) => describe(e.scenario)),
    '',
    `round  backlog decisions/s  opened in  dispatcher/s  flow ratio  ${concurrencies.map((c) => `baseline c${c}`).join('  ')}  bare ratio`,
    ...result.backlog.map((e, i) =>
      [
        String(i + 1).padStart(5),
        perSecond(e.decisionsPerSecond).padStart(19),
        `${e.load.openSeconds.toFixed(1)} s`.padStart(9),
        perSecond(result.dispatch[i]!.decisionsPerSecond).padStart(12),
        result.flowRatios[i]!.toFixed(2).padStart(10),
        ...concurrencies.map((c) => perSecond(result.baseline[i]!.assignsPerSecond.get(c)!).padStart(11)),
        result.ratios[i]!.toFixed(2).padStart(10),
      ].join('  '),
    ),
    `backlog decisions/s over the dispatcher's in the same flow: ${result.flowRatio.toFixed(2)} ` +
      `(median of rounds ${result.flowRatios.map((r) => r.toFixed(2)).join(', ')})`,
    `backlog decisions/s over bare baseline assigns/s at concurrency ${router.concurrency}: ${result.ratio.toFixed(2)} ` +
      `(median of rounds ${result.ratios.map((r) => r.toFixed(2)).join(', ')})`,
    `dispatcher opened->assigned p50 / p99: ${result.dispatch
      .map((d) => `${d.openedToAssigned.p50} / ${d.openedToAssigned.p99} ms`)
      .join(', ')}`,
    '',
    'scenario  round  decisions/s  opened->assigned ms          routable->assigned ms        cancelled  peak held  busy cycles  p50/p99 ms (routed)',
    '                              p50 / p95 / p99 / max        p50 / p95 / p99 / max',
    ...rows.map(({ e, label }) =>
      [
        label,
        perSecond(e.decisionsPerSecond).padStart(11),
        distribution(e.openedToAssigned),
        distribution(e.routableToAssigned),
        String(e.cancelled).padStart(9),
        String(e.peakHeld).padStart(9),
        String(e.cycles.count).padStart(11),
        `${e.cycles.p50Ms.toFixed(0)} / ${e.cycles.p99Ms.toFixed(0)} (${e.cycles.routedMean.toFixed(0)})`.padStart(20),
      ].join('  '),
    ),
    '',
    'mean ms per busy cycle    read  apply  react  settle   plan  hand-overs   save',
    ...rows.map(({ e, label }) => {
      const { read, apply, react, settle, plan, handOvers, save } = e.cycles.phasesMs;
      const cells = [read, apply, react, settle, plan, handOvers, save].map((x, i) =>
        x.toFixed(1).padStart(i === 5 ? 10 : 5),
      );
      return `${label}        ${cells.join('  ')}`;
    }),
    'checks passed: every ticket assigned exactly once, each by a reservation; no ledger ever above the cap; all slots back',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatRoutingBench(await runRoutingBench()));
}
