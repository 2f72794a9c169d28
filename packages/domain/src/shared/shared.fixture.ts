// Test fixtures shared by the aggregates (test support, not a test: `*.fixture.ts` is neither run nor built).
import { type DomainErrorCode, isDomainError } from './errors.js';
import type { PushSubscription } from './push.js';

/** The code of the `DomainError` that `run` throws, or undefined when it returns. */
export function codeOf(run: () => unknown): DomainErrorCode | undefined {
  try {
    run();
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  return undefined;
}

/** A well-formed push subscription at `https://push.example/<n>`, with keys of the sizes RFC 8291 sets. */
export function pushSubscription(n: number): PushSubscription {
  return {
    endpoint: `https://push.example/${n}`,
    keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'a'.repeat(22) },
  };
}
