import { z } from 'zod';
import type { Actor } from '../shared/actor.js';
import type { Instant } from '../shared/time.js';

/**
 * A phone number in international form: `+`, a country code, then digits (spaces, dots, dashes
 * and brackets allowed). A `(0)` is the national trunk prefix written beside the country code
 * ("+33 (0)1 ..."), never dialled from abroad: it is dropped.
 */
export const PhoneNumber = z
  .string()
  .trim()
  .max(32)
  .regex(/^\+[1-9][0-9 ().-]{5,30}$/, 'expected an international number such as +33 1 23 45 67 89')
  .transform((phone) => `+${phone.replace(/\(\s*0\s*\)/g, '').replace(/\D/g, '')}`)
  .refine((phone) => phone.length >= 7 && phone.length <= 16, 'from 6 to 15 digits');

/** Why the customer wants to be called. */
export const CallbackReason = z.string().trim().min(1).max(500);

/** Where a callback stands: `scheduled`, `due` (its time came; the assignee was alerted), then `completed`, `cancelled` or `missed`. */
export type CallbackStatus = 'scheduled' | 'due' | 'completed' | 'cancelled' | 'missed';

/** A call the team owes the customer, as the ticket records it. */
export interface TicketCallback {
  readonly callbackId: string;
  /** When to call (UTC). */
  readonly at: Instant;
  /** The customer's time zone, for showing `at` as they meant it. */
  readonly timeZone: string;
  /** The number to call; null: the one on file. */
  readonly phone: string | null;
  readonly reason: string;
  /** Who asked: the customer, an agent, or the automation (a critical incident). */
  readonly requestedBy: Actor;
  readonly status: CallbackStatus;
  /** When it was completed, cancelled or marked missed. */
  readonly endedAt: Instant | null;
  /**
   * When it was marked missed, kept when the call is made after all (a late call): the missed
   * calls stay countable. Absent from records made before it existed (read it as null).
   */
  readonly missedAt?: Instant | null;
  /** What came of the call, as staff recorded it when they completed it. */
  readonly outcome: string | null;
}
