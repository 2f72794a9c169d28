/**
 * SLA calculator throughput: `slaStatus` calls/s on the documented business-hours calendar
 * (Dubai, weekly windows in an IANA zone) against the 24/7 calendar, same policy targets, same
 * ticket histories (10 facts over about 2 weeks, opened at random instants through a year, half
 * of them still running at `now` so that warning/breach projections are computed too). `now` is
 * the last fact, as the tickets projection does. Rounds alternate the two subjects (busy
 * machines drift); prints calls/s of each and the median ratio 24/7 over business hours.
 * A third line shows business hours with a fresh calendar object per call (no warm per-calendar
 * cache: what a caller that re-parses its policy every time gets).
 *
 *   node --conditions=@support-engine/source --import tsx bench/sla.ts
 *   BENCH_TICKETS=500 BENCH_ROUNDS=4
 */
import { pathToFileURL } from 'node:url';
import {
  ALWAYS_OPEN,
  type SlaFact,
  type SlaInput,
  type SlaPolicy,
  STANDARD_POLICY,
  slaStatus,
} from '@support-engine/domain/sla';
import { median, seededRandom } from './lib/measure.js';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** Options of {@link runSlaBench}. */
export interface SlaBenchOptions {
  /** Ticket histories per pass; 500 by default. */
  tickets?: number;
  /** Rounds, each timing one pass per subject in alternating order; 4 by default. */
  rounds?: number;
}

/** What {@link runSlaBench} measured, calls per second. */
export interface SlaBenchResult {
  businessHours: number;
  alwaysOpen: number;
  /** Median over rounds of 24/7 calls/s over business-hours calls/s. */
  ratio: number;
  businessHoursFreshCalendar: number;
}

/** Ten facts over about two weeks: a conversation with a wait on the customer and a priority bump. */
function histories(count: number): Array<Omit<SlaInput, 'policy'>> {
  const next = seededRandom(42);
  const start = Date.parse('2024-01-01T00:00:00Z');
  const result: Array<Omit<SlaInput, 'policy'>> = [];
  for (let i = 0; i < count; i++) {
    let at = start + Math.floor(next() * 365 * 24 * 60) * MINUTE_MS;
    // Gaps average 1.4 days, so the 9 of them span about two weeks.
    const gap = () => {
      at += Math.floor(next() * 2 * 1.4 * 24 * 60) * MINUTE_MS;
      return at;
    };
    const opened = at;
    const facts: SlaFact[] = [
      { kind: 'opened', at: opened },
      { kind: 'status_changed', at: gap(), to: 'in_progress' },
      { kind: 'agent_replied', at: gap() },
      { kind: 'status_changed', at: gap(), to: 'waiting_customer' },
      { kind: 'customer_messaged', at: gap() },
      { kind: 'status_changed', at: gap(), to: 'in_progress' },
      { kind: 'priority_changed', at: gap(), priority: 'high' },
      { kind: 'agent_replied', at: gap() },
      { kind: 'customer_messaged', at: gap() },
      i % 2 === 0 ? { kind: 'status_changed', at: gap(), to: 'resolved' } : { kind: 'customer_messaged', at: gap() },
    ];
    result.push({ priority: 'normal', facts, now: at });
    if (at - opened > 40 * DAY_MS) throw new Error('history longer than planned');
  }
  return result;
}

/** Calls/s of one pass of `slaStatus` over every history with the policy `policyOf` gives. */
function pass(inputs: ReadonlyArray<Omit<SlaInput, 'policy'>>, policyOf: () => SlaPolicy): number {
  let sink = 0;
  const started = process.hrtime.bigint();
  for (const input of inputs) sink += slaStatus({ ...input, policy: policyOf() }).metrics.resolution.elapsedBusinessMs;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (sink < 0) throw new Error('unreachable');
  return inputs.length / seconds;
}

export function runSlaBench(options: SlaBenchOptions = {}): SlaBenchResult {
  const tickets = options.tickets ?? 500;
  const rounds = options.rounds ?? 4;
  const inputs = histories(tickets);
  const business: SlaPolicy = STANDARD_POLICY;
  const alwaysOpen: SlaPolicy = { ...STANDARD_POLICY, calendar: ALWAYS_OPEN };
  // A structurally equal calendar, but a new object on every call (as a deserialized input is).
  const fresh = (): SlaPolicy => ({ ...STANDARD_POLICY, calendar: structuredClone(STANDARD_POLICY.calendar) });

  // Warm-up: JIT, and whatever the calculator may remember about a calendar.
  pass(inputs, () => business);
  pass(inputs, () => alwaysOpen);

  const businessRates: number[] = [];
  const alwaysOpenRates: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let b: number;
    let a: number;
    if (round % 2 === 0) {
      b = pass(inputs, () => business);
      a = pass(inputs, () => alwaysOpen);
    } else {
      a = pass(inputs, () => alwaysOpen);
      b = pass(inputs, () => business);
    }
    businessRates.push(b);
    alwaysOpenRates.push(a);
    ratios.push(a / b);
  }
  const freshRates = [pass(inputs, fresh), pass(inputs, fresh)];
  return {
    businessHours: median(businessRates),
    alwaysOpen: median(alwaysOpenRates),
    ratio: median(ratios),
    businessHoursFreshCalendar: median(freshRates),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const tickets = Number(process.env.BENCH_TICKETS ?? 500);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 4);
  const result = runSlaBench({ tickets, rounds });
  const format = (rate: number) =>
    `${Math.round(rate).toLocaleString('en-US')} calls/s (${(1000 / rate).toFixed(3)} ms/call)`;
  console.log(`slaStatus, ${tickets} ticket histories of 10 facts over ~2 weeks, ${rounds} rounds (medians)`);
  console.log(`  business hours (Asia/Dubai):           ${format(result.businessHours)}`);
  console.log(`  24/7:                                  ${format(result.alwaysOpen)}`);
  console.log(`  ratio 24/7 / business hours:           ${result.ratio.toFixed(2)}x`);
  console.log(`  business hours, fresh calendar object: ${format(result.businessHoursFreshCalendar)}`);
}
