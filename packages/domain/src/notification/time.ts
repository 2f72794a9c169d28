import { DateTime } from 'luxon';

/**
 * An instant as a person reads it in a notification: date and time to the minute in `timeZone`,
 * the zone named (`2026-01-05 13:00 (Europe/Paris)`, or `2026-01-05 12:00 UTC`), rather than an
 * ISO timestamp.
 */
export function readableTime(at: string, timeZone: string): string {
  const local = DateTime.fromISO(at, { zone: 'utc' }).setZone(timeZone).toFormat('yyyy-MM-dd HH:mm');
  return timeZone === 'UTC' ? `${local} UTC` : `${local} (${timeZone})`;
}
