/** Where `g` then a key leads: the inbox, one's alerts, one's profile. */
export const GO_TO = { i: '/inbox', a: '/alerts', p: '/profile' } as const;
/** A key that completes a `g` sequence. */
export type GoToKey = keyof typeof GO_TO;

/** How long after `g` the second key still counts, in milliseconds. */
export const GO_TO_WINDOW_MS = 1500;

/**
 * The place a key press leads to: `key` pressed at `at`, `g` having been pressed at `gAt` (null:
 * no `g` waiting); null when the press completes no sequence (another key, or too late).
 */
export function goToTarget(gAt: number | null, key: string, at: number): GoToKey | null {
  if (gAt === null || at - gAt > GO_TO_WINDOW_MS || !Object.hasOwn(GO_TO, key)) return null;
  return key as GoToKey;
}
