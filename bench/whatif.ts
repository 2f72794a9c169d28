/**
 * What-if replay throughput: `slaWhatIf` over N ticket events (100,000 tickets, 1,000,000 events
 * by default), the way the API answers it (`replaySlaWhatIf`: the period's tickets found in the
 * tickets read model, built once before the rounds, their streams read, upcast, each ticket folded and evaluated under its recorded terms and under a draft policy on the
 * business-hours calendar), against a baseline measured in the same run on the same events: the
 * projection rebuild of the ticket read models from zero. Prints both rates and the ratio
 * (target >= 0.5x the rebuild's rate, and the what-if under 60 s). The subjects alternate over
 * `BENCH_ROUNDS` rounds (1 by default, the log being large); medians are reported.
 *
 *   node --conditions=@support-engine/source --import tsx bench/whatif.ts      # BENCH_EVENTS=100000 for a short run
 */
import { createDomainEventRegistry } from '@support-engine/domain';
import { STANDARD_POLICY } from '@support-engine/domain/sla';
import {
  decideSlaConfiguration,
  draftSlaPolicy,
  EMPTY_SLA_CONFIGURATION,
  evolveSlaConfiguration,
} from '@support-engine/domain/sla-config';
import { createPostgresEventStore, migrateEventStore } from '@support-engine/eventstore-postgres';
import {
  createReadModelDb,
  createTicketsProjection,
  rebuildProjection,
  replaySlaWhatIf,
} from '@support-engine/projections';
import { startPostgres } from '@support-engine/servers';
import pg from 'pg';
import { alternately, fromEnv, median } from './lib/measure.js';
import { EVENTS_PER_TICKET, writeEvents } from './lib/ticket-lives.js';

const tickets = Math.max(1, Math.floor(fromEnv('BENCH_EVENTS', 1_000_000) / EVENTS_PER_TICKET));
const events = tickets * EVENTS_PER_TICKET;
const rounds = fromEnv('BENCH_ROUNDS', 1);

// The draft: the categories preset's policy made stricter, counting in business hours.
const config = decideSlaConfiguration(
  { type: 'LoadSlaPresets', data: { presets: ['standard', 'categories'] } },
  EMPTY_SLA_CONFIGURATION,
  { now: new Date(), actor: { id: 'bench', role: 'admin' } },
).reduce(evolveSlaConfiguration, EMPTY_SLA_CONFIGURATION);
const base = config.policies['support-categories']!.definition;
const draft = draftSlaPolicy(config, {
  ...base,
  name: 'Draft: halved first responses',
  targets: Object.fromEntries(
    Object.entries(base.targets).map(([priority, t]) => [
      priority,
      { ...t, firstResponseMinutes: Math.max(1, Math.floor(t.firstResponseMinutes / 2)) },
    ]),
  ),
});

const server = await startPostgres();
try {
  const connectionString = await server.createDatabase('whatif_bench');
  const store = createPostgresEventStore({ connectionString, listen: false });
  await migrateEventStore(store.db);
  const pool = new pg.Pool({ connectionString, max: 2 });
  pool.on('error', () => {});
  const db = createReadModelDb(connectionString, { schema: 'tickets_model', maxConnections: 2 });
  try {
    console.log(`writing ${events} events (${tickets} tickets)...`);
    let started = performance.now();
    await writeEvents(pool, tickets);
    console.log(`written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await pool.query('vacuum analyze events');
    const registry = createDomainEventRegistry();
    // The what-if finds its tickets in the tickets read model: built once, outside the timings.
    const ticketsModel = { store, connectionString, projection: createTicketsProjection(), batchSize: 10_000 };
    await rebuildProjection({ ...ticketsModel, schema: 'tickets_model' });
    const whatIfSeconds: number[] = [];
    const rebuildSeconds: number[] = [];
    let reported = 0;
    for (let round = 0; round < rounds; round++) {
      await alternately(
        round,
        async () => {
          started = performance.now();
          // Every ticket: up to the last instant a Date holds.
          const input = { draft, bootstrap: STANDARD_POLICY, from: 0, to: 8.64e15, now: Date.now() };
          const report = await replaySlaWhatIf({ store, db }, registry, input, {
            maxTickets: tickets,
            maxEvents: events,
          });
          whatIfSeconds.push((performance.now() - started) / 1000);
          reported = report.overall.actual.tickets;
          const { actual, whatIf } = report.overall;
          console.log(
            `  what-if round ${round + 1}: ${whatIfSeconds.at(-1)!.toFixed(1)} s; breaches actual ${actual.breaches}, draft ${whatIf.breaches}`,
          );
        },
        async () => {
          await pool.query('drop schema if exists rebuilt cascade');
          const rebuilt = await rebuildProjection({ ...ticketsModel, schema: 'rebuilt' });
          rebuildSeconds.push(rebuilt.elapsedMs / 1000);
          console.log(`  rebuild round ${round + 1}: ${rebuildSeconds.at(-1)!.toFixed(1)} s`);
        },
      );
    }
    const rate = (seconds: number) => events / seconds;
    const [w, r] = [median(whatIfSeconds), median(rebuildSeconds)];
    const fmt = (n: number) => `${Math.round(n).toLocaleString('en-US')} events/s`;
    console.log(`tickets reported: ${reported} of ${tickets}`);
    console.log(`what-if:          ${fmt(rate(w))} (${w.toFixed(1)} s; target < 60 s)`);
    console.log(`rebuild:          ${fmt(rate(r))} (${r.toFixed(1)} s)`);
    console.log(`ratio:            ${(rate(w) / rate(r)).toFixed(2)}x the rebuild's rate (target >= 0.5x)`);
  } finally {
    await Promise.all([pool.end(), db.destroy(), store.close()]);
  }
} finally {
  await server.stop();
}
