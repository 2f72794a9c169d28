import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, MINUTE_MS } from '../shared/time.js';
import { bruteBusinessMinutes, calendarAndAnchorArb, calendarAndInstantArb } from './brute-force.fixture.js';
import { addBusinessTime, businessTimeBetween, businessWindows } from './calendar.js';

/** A calendar, a minute-aligned range of up to 3 days around a DST transition of its zone, a fraction. */
const rangeArb = fc
  .tuple(
    calendarAndAnchorArb,
    fc.integer({ min: 0, max: 36 * 60 }),
    fc.integer({ min: 0, max: 36 * 60 }),
    fc.double({ min: 0, max: 1, noNaN: true }),
  )
  .map(([{ calendar, anchor }, before, after, fraction]) => ({
    calendar,
    from: anchor - before * MINUTE_MS,
    to: anchor + after * MINUTE_MS,
    fraction,
  }));

/** Property tests replay many histories; give them room on a busy 2-core CI machine. */
const PROPERTY_TIMEOUT_MS = 30_000;

describe('business time agrees with a minute-by-minute walk of the wall clock', () => {
  it(
    'businessTimeBetween counts the business minutes; addBusinessTime finds the n-th one',
    () => {
      fc.assert(
        fc.property(rangeArb, ({ calendar, from, to, fraction }) => {
          const minutes = bruteBusinessMinutes(calendar, from, to);
          const businessMinutes = minutes.filter(Boolean).length;
          expect(businessTimeBetween(calendar, from, to)).toBe(businessMinutes * MINUTE_MS);

          const wanted = Math.round(fraction * businessMinutes);
          // The instant `wanted` business minutes have passed: the end of the wanted-th business minute.
          let seen = 0;
          const index = wanted === 0 ? -1 : minutes.findIndex((isBusiness) => isBusiness && ++seen === wanted);
          const expected = index === -1 ? from : from + (index + 1) * MINUTE_MS;
          expect(addBusinessTime(calendar, from, wanted * MINUTE_MS)).toBe(expected);
        }),
        { numRuns: 200 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe('business time is consistent with itself', () => {
  /** A calendar and three ordered instants (to the millisecond) near a DST transition of its zone. */
  const threeInstantsArb = fc
    .tuple(calendarAndInstantArb, fc.nat({ max: 4 * DAY_MS }), fc.nat({ max: 4 * DAY_MS }))
    .map(([{ calendar, at }, a, b]) => ({ calendar, t: at, u: at + a, v: at + a + b }));

  it(
    'is additive over adjacent ranges and its windows are sorted, disjoint and inside the range',
    () => {
      fc.assert(
        fc.property(threeInstantsArb, ({ calendar, t, u, v }) => {
          expect(businessTimeBetween(calendar, t, u) + businessTimeBetween(calendar, u, v)).toBe(
            businessTimeBetween(calendar, t, v),
          );
          const windows = businessWindows(calendar, t, v);
          windows.forEach((w, i) => {
            expect(w.start).toBeGreaterThanOrEqual(t);
            expect(w.end).toBeLessThanOrEqual(v);
            expect(w.start).toBeLessThan(w.end);
            if (i > 0) expect(w.start).toBeGreaterThan(windows[i - 1]!.end);
          });
        }),
        { numRuns: 60 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'adding the business time between t and u lands at or before u, with the same business time',
    () => {
      fc.assert(
        fc.property(threeInstantsArb, ({ calendar, t, u }) => {
          const landed = addBusinessTime(calendar, t, businessTimeBetween(calendar, t, u));
          expect(landed).toBeLessThanOrEqual(u);
          expect(businessTimeBetween(calendar, t, landed)).toBe(businessTimeBetween(calendar, t, u));
        }),
        { numRuns: 60 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'counting the business time up to t + d gives back d, and a longer d never lands earlier',
    () => {
      fc.assert(
        fc.property(
          calendarAndInstantArb,
          fc.nat({ max: 2 * DAY_MS }),
          fc.nat({ max: DAY_MS }),
          ({ calendar, at: t }, d, extra) => {
            const landed = addBusinessTime(calendar, t, d);
            expect(businessTimeBetween(calendar, t, landed)).toBe(d);
            expect(addBusinessTime(calendar, t, d + extra)).toBeGreaterThanOrEqual(landed);
          },
        ),
        { numRuns: 60 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
