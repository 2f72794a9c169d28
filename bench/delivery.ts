/**
 * Delivery: ticket events fanned out to 3 webhook endpoints by the delivery service
 * (`runDeliveryService`: the notifier plans an outbox row per event and endpoint from the log,
 * the webhook dispatcher claims, signs and POSTs them and records each attempt), against a plain
 * loop POSTing the same payloads with `fetch`, on one embedded PostgreSQL server in the same run.
 *
 * The events are real: tickets are opened, assigned, answered (waiting on the customer), answered
 * by the customer and resolved through the ticket command handler, 20 tickets a step at a time,
 * until the log holds the wanted number of events a webhook can carry; every endpoint subscribes
 * to all of them (`*`), so each event is 3 deliveries, in order per endpoint and ticket. The
 * receivers (`lib/webhook-sink.ts`) run in a worker thread, answer 204 and note when.
 *
 * - backlog (the rate): 10,000 events appended as fast as 8 writers can while the service runs;
 *   deliveries/s is the deliveries over the span from the first event's commit to the last 2xx.
 *   Its latencies are a saturated service's (the producer outruns it), printed for reference.
 * - paced (the latency): events at a steady 100/s for 30 s; commit -> 2xx per delivery, from the
 *   event's `recorded_at` (store time, ms) to the moment the receiver answered.
 * - baseline: the backlog's own payloads (read back from its outbox, the same bodies and
 *   `webhook-id`s), POSTed by a plain `fetch` loop with as many requests in flight as the
 *   dispatcher may have (`DELIVERY_CONCURRENCY`, at most `DELIVERY_PER_RECIPIENT` per endpoint:
 *   48 by default). No outbox, no signing, no log: the ratio is what those cost.
 * - checks (the round fails otherwise): every delivery answered, none twice, the outbox all delivered.
 *
 * Rounds alternate which subject goes first (disk speed drifts); the ratio's median is the
 * headline. An unmeasured 1,000-event round warms up first.
 *
 *   node --conditions=@support-engine/source --import tsx bench/delivery.ts
 *   BENCH_EVENTS=10000 BENCH_ROUNDS=3 BENCH_PACED_EVENTS=3000 (0 skips) BENCH_PACED_RATE=100
 *   and the service's own variables (DELIVERY_CONCURRENCY, DELIVERY_PER_RECIPIENT, NOTIFIER_BATCH_SIZE, ...)
 *
 * Targets (the issue): deliveries/s >= 0.5x the baseline's; p99 < 1 s at 100 events/s.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import {
  type DeliveryConfig,
  deliveryDbOf,
  loadDeliveryConfig,
  migrateDelivery,
  runDeliveryService,
} from '@support-engine/delivery';
import { type Actor, createDomainEventRegistry, type Decider, streamId } from '@support-engine/domain';
import { ticketDecider } from '@support-engine/domain/ticket';
import { WEBHOOK_EVENT_TYPES, webhookDecider } from '@support-engine/domain/webhook';
import { createCommandHandler } from '@support-engine/eventstore';
import { createPostgresEventStore, migrateEventStore } from '@support-engine/eventstore-postgres';
import { type RunningPostgres, startPostgres } from '@support-engine/servers';
import { sql } from 'kysely';
import { pino } from 'pino';
import { alternately, fromEnv, median, quantile, timed } from './lib/measure.js';
import { startWebhookSink, type WebhookSink } from './lib/webhook-sink.js';

const ENDPOINTS = 3;
const TICKETS_PER_STEP = 20;
const PRODUCERS = 8;
const WARMUP_EVENTS = 1_000;
const ADMIN: Actor = { id: 'bench-admin', role: 'admin' };
const SUPERVISOR: Actor = { id: 'bench-sue', role: 'supervisor' };
const AGENT: Actor = { id: 'bench-ann', role: 'agent' };
const WEBHOOK_TYPES = new Set<string>(WEBHOOK_EVENT_TYPES);

/** How events arrive in one engine round. */
export interface Scenario {
  /** `drain` appends every event before the service starts; the others while it runs. */
  readonly name: 'warmup' | 'drain' | 'live' | 'paced';
  /** Webhook-carried events to append (the last ticket step may overshoot by a few). */
  readonly events: number;
  /** Events per second; 0 appends them as fast as {@link PRODUCERS} writers can. */
  readonly rate: number;
}

/** Percentiles in ms. */
export interface Latency {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** One POST the baseline repeats: the outbox's body and key for an endpoint. */
interface Post {
  readonly endpoint: number;
  readonly webhookId: string;
  readonly body: string;
}

/** One run of the delivery service. */
export interface EngineRound {
  readonly scenario: Scenario;
  readonly events: number;
  readonly deliveries: number;
  readonly deliveriesPerSecond: number;
  /** First commit to last commit. */
  readonly produceSeconds: number;
  /** First commit to last 2xx. */
  readonly seconds: number;
  /** Commit -> 2xx. */
  readonly latency: Latency;
  readonly posts: readonly Post[];
}

/** One run of the plain `fetch` loop. */
export interface BaselineRound {
  readonly requests: number;
  readonly concurrency: number;
  readonly requestsPerSecond: number;
  /** Request sent -> 2xx. */
  readonly latency: Latency;
}

export interface DeliveryBenchResult {
  readonly config: DeliveryConfig;
  readonly drain: EngineRound[];
  readonly live: EngineRound[];
  readonly paced: EngineRound[];
  readonly baseline: BaselineRound[];
  readonly drainRatios: number[];
  readonly liveRatios: number[];
}

function latencyOf(values: number[]): Latency {
  const sorted = values.sort((a, b) => a - b);
  const at = (q: number) => Math.round(quantile(sorted, q));
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: Math.round(sorted.at(-1) ?? 0) };
}

/** The service's configuration: webhooks only, the `DELIVERY_*`/`NOTIFIER_*` knobs from the environment. */
function benchConfig(): DeliveryConfig {
  const knobs = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => /^(DELIVERY_|NOTIFIER_|WEBHOOK_TIMEOUT_MS$)/.test(name)),
  );
  return loadDeliveryConfig({
    ...knobs,
    WEBHOOK_SECRET_KEY: randomBytes(32).toString('hex'),
    WEBHOOKS_ALLOW_PRIVATE: 'true',
  });
}

/** The `step`-th command of ticket `n`'s life, as whom. */
function ticketStep(n: number, step: number): { command: { type: string; data: object }; actor: Actor } | null {
  const ticketId = `t${n}`;
  const customer: Actor = { id: `c${n % 500}`, role: 'customer' };
  switch (step) {
    case 0:
      return {
        actor: customer,
        command: {
          type: 'OpenTicket',
          data: {
            ticketId,
            customerId: customer.id,
            subject: `Invoice ${n} is wrong`,
            description: 'The amount on my last invoice does not match my plan.',
            channel: 'web',
          },
        },
      };
    case 1:
      return { actor: SUPERVISOR, command: { type: 'AssignTicket', data: { ticketId, agentId: AGENT.id } } };
    case 2:
      return {
        actor: AGENT,
        command: {
          type: 'ReplyToTicket',
          data: { ticketId, body: 'Which invoice number is it?', nextStatus: 'waiting_customer' },
        },
      };
    case 3:
      return { actor: customer, command: { type: 'CustomerReply', data: { ticketId, body: `It is INV-${n}.` } } };
    case 4:
      return {
        actor: AGENT,
        command: { type: 'ReplyToTicket', data: { ticketId, body: 'Corrected, sorry.', nextStatus: 'resolved' } },
      };
    default:
      return null;
  }
}

/** Every ticket step in the order the producers take them: 20 tickets a step at a time. */
function* ticketSteps(): Generator<{ n: number; step: number }> {
  for (let batch = 0; ; batch++) {
    for (let step = 0; step < 5; step++) {
      for (let i = 0; i < TICKETS_PER_STEP; i++) yield { n: batch * TICKETS_PER_STEP + i, step };
    }
  }
}

async function engineRound(
  server: RunningPostgres,
  sink: WebhookSink,
  config: DeliveryConfig,
  scenario: Scenario,
  name: string,
): Promise<EngineRound> {
  const connectionString = await server.createDatabase(`delivery_${name}`);
  const store = createPostgresEventStore({ connectionString });
  try {
    await migrateEventStore(store.db);
    const db = deliveryDbOf(store.db);
    // Delivery notes the log's start now, before any event: all of them are to be sent.
    await migrateDelivery(db);
    const registry = createDomainEventRegistry();
    const handler = (decider: unknown) =>
      createCommandHandler({ store, registry, decider: decider as Decider<unknown, never, unknown> });
    const tickets = handler(ticketDecider);
    const webhooks = handler(webhookDecider);
    for (const [i, url] of sink.urls.entries()) {
      const endpointId = `ep${i}`;
      await webhooks.handle({
        streamId: streamId('webhook', endpointId),
        command: { type: 'RegisterWebhookEndpoint', data: { endpointId, url, eventTypes: ['*'] } },
        commandId: `register:${endpointId}`,
        context: { now: new Date(), actor: ADMIN },
      });
    }
    await sink.reset();

    const running = new AbortController();
    let serviceStartedAt = 0;
    const startService = () => {
      serviceStartedAt = performance.timeOrigin + performance.now();
      return runDeliveryService(
        { store, db, connectionString, config, logger: pino({ level: 'warn' }) },
        running.signal,
      );
    };
    // A drain starts the service only once every event is in the log.
    let service = scenario.name === 'drain' ? undefined : startService();

    // The producers: each takes the next step, after the same ticket's previous step is written.
    let appended = 0;
    const steps = ticketSteps();
    const previous = new Map<number, Promise<unknown>>();
    const started = performance.now();
    const produce = async () => {
      while (appended < scenario.events) {
        if (scenario.rate > 0) {
          const due = started + (appended * 1000) / scenario.rate;
          if (due > performance.now()) await sleep(due - performance.now());
        }
        const { n, step } = steps.next().value as { n: number; step: number };
        const { command, actor } = ticketStep(n, step)!;
        const write = (previous.get(n) ?? Promise.resolve()).then(() =>
          tickets.handle({
            streamId: streamId('ticket', `t${n}`),
            command,
            commandId: `bench:${n}:${step}`,
            context: { now: new Date(), actor },
          }),
        );
        previous.set(n, write);
        const { events } = await write;
        appended += events.filter((event) => WEBHOOK_TYPES.has((event as { type: string }).type)).length;
      }
    };
    await Promise.all(Array.from({ length: scenario.rate > 0 ? 1 : PRODUCERS }, produce));
    service ??= startService();

    const expected = appended * ENDPOINTS;
    const deadline = performance.now() + 600_000;
    while ((await sink.count()) < expected) {
      if (performance.now() > deadline) throw new Error(`${name}: ${await sink.count()} of ${expected} answered`);
      await sleep(20);
    }
    // The outbox settles right after the answers.
    for (;;) {
      const { rows } = await sql<{ pending: number; total: number }>`
        select count(*) filter (where status <> 'delivered')::int as pending, count(*)::int as total
          from deliveries where channel = 'webhook'`.execute(db);
      if (rows[0]!.total !== expected) throw new Error(`${name}: ${rows[0]!.total} outbox rows, expected ${expected}`);
      if (rows[0]!.pending === 0) break;
      if (performance.now() > deadline) throw new Error(`${name}: ${rows[0]!.pending} deliveries not settled`);
      await sleep(20);
    }
    running.abort();
    await service;

    const arrivals = await sink.arrivals();
    const unique = new Set(arrivals.map((a) => `${a.endpoint}:${a.webhookId}`));
    if (arrivals.length !== expected || unique.size !== expected) {
      throw new Error(`${name}: ${arrivals.length} answers, ${unique.size} distinct, expected ${expected} once each`);
    }
    const { rows: commits } = await sql<{ stream_id: string; stream_version: number; at: number }>`
      select stream_id, stream_version::int, extract(epoch from recorded_at)::float8 * 1000 as at
        from events where type = any(${[...WEBHOOK_TYPES]})`.execute(db);
    const committedAt = new Map(commits.map((c) => [`evt_${c.stream_id}_${c.stream_version}`, c.at]));
    const latencies = arrivals.map((a) => {
      const at = committedAt.get(a.webhookId);
      if (at === undefined) throw new Error(`${name}: no event for ${a.webhookId}`);
      return a.answeredAt - at;
    });
    const firstCommit = Math.min(...committedAt.values());
    const lastCommit = Math.max(...committedAt.values());
    const lastAnswer = Math.max(...arrivals.map((a) => a.answeredAt));
    const seconds = (lastAnswer - (scenario.name === 'drain' ? serviceStartedAt : firstCommit)) / 1000;

    const { rows: outbox } = await sql<{ recipient: string; message_id: string; body: string }>`
      select recipient, message_id, payload::text as body from deliveries
       where channel = 'webhook' order by position, recipient`.execute(db);
    return {
      scenario,
      events: appended,
      deliveries: expected,
      deliveriesPerSecond: expected / seconds,
      produceSeconds: (lastCommit - firstCommit) / 1000,
      seconds,
      latency: latencyOf(latencies),
      posts: outbox.map((row) => ({
        endpoint: Number(row.recipient.slice(2)),
        webhookId: row.message_id,
        body: row.body,
      })),
    };
  } finally {
    await store.close();
  }
}

async function baselineRound(sink: WebhookSink, posts: readonly Post[], concurrency: number): Promise<BaselineRound> {
  await sink.reset();
  const latencies: number[] = [];
  const seconds = await timed(0, posts.length, concurrency, async (i) => {
    const post = posts[i]!;
    const sent = performance.now();
    const response = await fetch(sink.urls[post.endpoint]!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': post.webhookId },
      body: post.body,
    });
    await response.arrayBuffer();
    if (response.status !== 204) throw new Error(`baseline: the receiver answered ${response.status}`);
    latencies.push(performance.now() - sent);
  });
  if ((await sink.count()) !== posts.length) throw new Error('baseline: not every POST was answered');
  return {
    requests: posts.length,
    concurrency,
    requestsPerSecond: posts.length / seconds,
    latency: latencyOf(latencies),
  };
}

/** Runs the rounds on a fresh embedded PostgreSQL. */
export async function runDeliveryBench(): Promise<DeliveryBenchResult> {
  const events = fromEnv('BENCH_EVENTS', 10_000);
  const rounds = fromEnv('BENCH_ROUNDS', 3);
  const pacedEvents = fromEnv('BENCH_PACED_EVENTS', 3_000);
  const pacedRate = fromEnv('BENCH_PACED_RATE', 100);
  const config = benchConfig();
  // As many requests in flight as the dispatcher may have.
  const concurrency = Math.min(config.concurrency, ENDPOINTS * config.perRecipient);

  const server = await startPostgres();
  const sink = await startWebhookSink(ENDPOINTS);
  try {
    const drain: EngineRound[] = [];
    const live: EngineRound[] = [];
    const paced: EngineRound[] = [];
    const baseline: BaselineRound[] = [];
    const round = (scenario: Scenario, name: string) => engineRound(server, sink, config, scenario, name);
    // Unmeasured: the first round otherwise pays for compiling the service's code, and fetch's.
    const warm = await round({ name: 'warmup', events: WARMUP_EVENTS, rate: 0 }, 'warmup');
    await baselineRound(sink, warm.posts, concurrency);
    for (let i = 0; i < rounds; i++) {
      const engine = async () => {
        drain.push(await round({ name: 'drain', events, rate: 0 }, `drain_${i}`));
        live.push(await round({ name: 'live', events, rate: 0 }, `live_${i}`));
      };
      // The baseline repeats the latest drain's payloads (the warmup's only before the first).
      const plain = async () => baseline.push(await baselineRound(sink, (drain.at(-1) ?? warm).posts, concurrency));
      await alternately(i, engine, plain);
      if (pacedEvents > 0)
        paced.push(await round({ name: 'paced', events: pacedEvents, rate: pacedRate }, `paced_${i}`));
    }
    const over = (rounds: EngineRound[]) =>
      rounds.map((e, i) => e.deliveriesPerSecond / baseline[i]!.requestsPerSecond);
    return { config, drain, live, paced, baseline, drainRatios: over(drain), liveRatios: over(live) };
  } finally {
    await sink.stop();
    await server.stop();
  }
}

const perSecond = (value: number) => `${value.toFixed(0)}/s`;
const distribution = (x: Latency) => `${x.p50} / ${x.p95} / ${x.p99} / ${x.max}`;
const ratios = (values: number[]) =>
  `${median(values).toFixed(2)} (median of rounds ${values.map((r) => r.toFixed(2)).join(', ')})`;

/** The result as plain-text tables. */
export function formatDeliveryBench(result: DeliveryBenchResult): string {
  const { config } = result;
  const first = result.drain[0];
  const pacedFirst = result.paced[0];
  const row = (e: EngineRound, i: number, ratio: number) =>
    [
      `${e.scenario.name} ${i + 1}`.padEnd(7),
      perSecond(e.deliveriesPerSecond).padStart(12),
      `${e.produceSeconds.toFixed(1)} s`.padStart(11),
      `${e.seconds.toFixed(1)} s`.padStart(8),
      distribution(e.latency).padStart(31),
      ratio.toFixed(2).padStart(5),
    ].join('  ');
  return [
    `${ENDPOINTS} endpoints subscribed to every event; dispatcher concurrency ${config.concurrency}, ` +
      `${config.perRecipient} per endpoint, notifier batch ${config.batchSize}; ` +
      `baseline: fetch at concurrency ${result.baseline[0]?.concurrency}`,
    first
      ? `drain: ${first.events} events (${first.deliveries} deliveries) in the log before the service starts; ` +
        `live: as many appended by ${PRODUCERS} writers as fast as they can while it runs`
      : '',
    pacedFirst ? `paced: ${pacedFirst.events} events at ${pacedFirst.scenario.rate}/s` : '',
    '',
    'subject  deliveries/s  produced in  span     commit->2xx p50/p95/p99/max ms  ratio',
    ...result.drain.map((e, i) => row(e, i, result.drainRatios[i]!)),
    ...result.live.map((e, i) => row(e, i, result.liveRatios[i]!)),
    ...result.baseline.map((b, i) =>
      [
        `fetch ${i + 1}`.padEnd(7),
        perSecond(b.requestsPerSecond).padStart(12),
        ''.padStart(11),
        ''.padStart(8),
        `sent->2xx ${distribution(b.latency)}`.padStart(31),
      ].join('  '),
    ),
    "span: drain, from the service's start; live, from the first commit; to the last 2xx",
    `drain deliveries/s over the baseline's requests/s: ${ratios(result.drainRatios)}; target >= 0.5`,
    `live deliveries/s over the baseline's requests/s:  ${ratios(result.liveRatios)}`,
    '',
    ...(result.paced.length > 0
      ? [
          'paced round  commit->2xx p50/p95/p99/max ms',
          ...result.paced.map((e, i) => `${String(i + 1).padStart(11)}  ${distribution(e.latency).padStart(30)}`),
          `paced p99: ${result.paced.map((e) => e.latency.p99).join(', ')} ms; target < 1000 ms`,
          '',
        ]
      : []),
    'checks passed: every delivery answered exactly once, the outbox all delivered',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatDeliveryBench(await runDeliveryBench()));
}
