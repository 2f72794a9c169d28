import { describe, expect, it } from 'vitest';
import { GO_TO_WINDOW_MS, goToTarget } from './go-to.ts';

describe('goToTarget', () => {
  it('leads g then i, a or p to the inbox, the alerts, the profile', () => {
    expect(['i', 'a', 'p'].map((key) => goToTarget(1_000, key, 1_200))).toEqual(['i', 'a', 'p']);
  });

  it('leads nowhere without g first, after the window, or for another key', () => {
    expect(goToTarget(null, 'i', 1_000)).toBeNull();
    expect(goToTarget(1_000, 'i', 1_000 + GO_TO_WINDOW_MS + 1)).toBeNull();
    expect(goToTarget(1_000, 'x', 1_100)).toBeNull();
    // Keys of an object's prototype are not places.
    expect(goToTarget(1_000, 'toString', 1_100)).toBeNull();
  });
});
