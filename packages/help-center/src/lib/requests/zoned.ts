/** The offset (ms) of `zone`'s wall clock from UTC at `instant`. */
function offsetAt(zone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((found) => found.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a wall-clock time (`2026-03-02T14:30`, as a `datetime-local` field gives it) names
 * in the IANA zone `zone` (a time the clocks skip is taken after the jump); null for a malformed
 * time or a zone the time-zone database does not know.
 */
export function zonedToInstant(local: string, zone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (match === null) return null;
  const [, year, month, day, hour, minute] = match.map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  if (Number.isNaN(asUtc)) return null;
  try {
    // Twice: the offset at the first guess may differ from the one at the answer (a DST change between).
    const first = asUtc - offsetAt(zone, asUtc);
    return new Date(asUtc - offsetAt(zone, first)).toISOString();
  } catch {
    return null;
  }
}
