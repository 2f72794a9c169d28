import { z } from 'zod';

/** An instant in a query string: ISO 8601 with its time zone (`2026-01-01T00:00:00Z`). */
export const Instant = z.iso.datetime({ offset: true }).transform((text) => new Date(text));

/** A list in a query string: `by=agent,tag` or `by=agent&by=tag` (absent: undefined), each item as `item` parses it. */
export const queryList = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((list) => (list === undefined ? undefined : [list].flat().flatMap((text) => text.split(','))))
    .pipe(z.array(item).optional());
