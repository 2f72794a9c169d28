import type { z } from 'zod';
import { ApiError } from './errors/codes.js';

/**
 * GraphQL lets a client send `null` for an optional input field; the domain's schemas mean
 * "absent" by a missing key, so nulls are dropped before validation.
 */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

/** Validates untrusted input with a zod schema; failure is `BAD_USER_INPUT` listing each issue. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(withoutNulls(raw));
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  throw new ApiError('BAD_USER_INPUT', `Invalid input: ${summary}`, { issues });
}
