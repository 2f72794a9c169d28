import type { z } from 'zod';
import { DomainError } from './errors.js';

/**
 * Parses untrusted input with a zod schema, turning failure into a
 * `VALIDATION_FAILED` {@link DomainError} that lists each issue's path and message.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  throw new DomainError('VALIDATION_FAILED', `Invalid ${what}: ${summary}`, { issues });
}
