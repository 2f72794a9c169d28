import { DomainError } from '../shared/errors.js';
import { type BusinessCalendar, businessWindows } from '../sla/calendar.js';
import type { SlaConfiguration } from '../sla-config/state.js';

/** Whether the chat desk takes new chats at an instant, and when that changes. */
export interface ChatAvailability {
  readonly open: boolean;
  /** When the current opening ends (open, within the horizon); `null` at all hours or beyond it. */
  readonly closesAt: Date | null;
  /** When the desk opens next (closed); `null` when open, or when no opening falls within the horizon. */
  readonly nextOpeningAt: Date | null;
  /** The calendar the hours follow; `null`: open at all hours. */
  readonly calendarId: string | null;
}

/** How far ahead openings are looked for: past a long holiday season, short of scanning forever. */
const HORIZON_MS = 60 * 24 * 60 * 60 * 1000;

/**
 * The chat desk's availability at `now` under the configuration's chat hours
 * (`SetChatHours`): open at all hours when none are set or the named calendar is gone.
 */
export function chatAvailability(config: SlaConfiguration | undefined, now: Date): ChatAvailability {
  const calendarId = config?.chatHoursCalendarId ?? null;
  const calendar = calendarId === null ? undefined : config?.calendars[calendarId]?.definition.calendar;
  if (calendar === undefined) return { open: true, closesAt: null, nextOpeningAt: null, calendarId: null };
  return { ...openingAt(calendar, now.getTime()), calendarId };
}

function openingAt(calendar: BusinessCalendar, nowMs: number) {
  if (calendar.kind === '24/7') return { open: true, closesAt: null, nextOpeningAt: null };
  // Merged windows: the first one either holds `now` (it starts at `now` once clipped) or lies ahead.
  const [first] = businessWindows(calendar, nowMs, nowMs + HORIZON_MS);
  if (first === undefined) return { open: false, closesAt: null, nextOpeningAt: null };
  if (first.start === nowMs) {
    const closesAt = first.end < nowMs + HORIZON_MS ? new Date(first.end) : null;
    return { open: true, closesAt, nextOpeningAt: null };
  }
  return { open: false, closesAt: null, nextOpeningAt: new Date(first.start) };
}

/**
 * Refuses a chat a customer starts outside the desk's opening hours (`CHAT_OUTSIDE_OPENING_HOURS`,
 * with the next opening and the offer of a ticket instead). Staff and the system may open a chat
 * on a customer's behalf at any hour: they are there to answer it.
 */
export function requireChatDeskOpen(config: SlaConfiguration | undefined, now: Date): void {
  const availability = chatAvailability(config, now);
  if (availability.open) return;
  const next = availability.nextOpeningAt;
  throw new DomainError(
    'CHAT_OUTSIDE_OPENING_HOURS',
    `The chat desk is closed${next === null ? '' : ` until ${next.toISOString()}`}: open a ticket instead`,
    { nextOpeningAt: next?.toISOString() ?? null, calendarId: availability.calendarId, offer: 'ticket' },
  );
}
