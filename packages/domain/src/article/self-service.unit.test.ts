import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOUR_MS, type Instant, toInstant, toMillis } from '../shared/time.js';
import { isSelfServiceResolved, isSelfServiceSettled, SELF_SERVICE_WINDOW_MS } from './self-service.js';

const VIEW: Instant = '2026-03-02T12:00:00.000Z';
const after = (ms: number) => toInstant(toMillis(VIEW) + ms);

describe('self-service', () => {
  it('gives a view 24 hours', () => {
    expect(SELF_SERVICE_WINDOW_MS).toBe(24 * HOUR_MS);
  });

  it('settles a view once its window has passed, not a millisecond before', () => {
    expect(isSelfServiceSettled(VIEW, after(SELF_SERVICE_WINDOW_MS))).toBe(true);
    expect(isSelfServiceSettled(VIEW, after(SELF_SERVICE_WINDOW_MS - 1))).toBe(false);
  });

  it('resolves a view no ticket followed within the window, from the view on', () => {
    expect(isSelfServiceResolved(VIEW, [])).toBe(true);
    expect(isSelfServiceResolved(VIEW, [VIEW])).toBe(false);
    expect(isSelfServiceResolved(VIEW, [after(SELF_SERVICE_WINDOW_MS - 1)])).toBe(false);
    expect(isSelfServiceResolved(VIEW, [after(SELF_SERVICE_WINDOW_MS)])).toBe(true);
    expect(isSelfServiceResolved(VIEW, [after(-1)])).toBe(true);
  });

  it('is unresolved as soon as any one ticket falls in the window', () => {
    const offset = fc.integer({ min: -2 * SELF_SERVICE_WINDOW_MS, max: 2 * SELF_SERVICE_WINDOW_MS });
    fc.assert(
      fc.property(fc.array(offset), (offsets) => {
        const inWindow = offsets.some((ms) => ms >= 0 && ms < SELF_SERVICE_WINDOW_MS);
        expect(isSelfServiceResolved(VIEW, offsets.map(after))).toBe(!inWindow);
      }),
    );
  });
});
