import { StorableText } from '@support-engine/domain';
import { z } from 'zod';
import { ApiError } from './errors/codes.js';

/**
 * GraphQL lets a client send `null` for an optional input field; the domain's schemas mean
 * "absent" by a missing key, so nulls are dropped before validation.
 */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  // Only plain objects: a Date (a DateTime argument) is a value, not an input object.
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

/** One thing wrong with an input: where (dotted path, empty for the whole input) and what. */
export interface InputIssue {
  readonly path: string;
  readonly message: string;
}

/** Issues as a message lists them: `path: message`, separated by `; ` (the domain's wording too). */
export function issueSummary(issues: readonly InputIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
}

/** The `BAD_USER_INPUT` error listing `issues`, each named by its path in the message too. */
export function badInput(issues: readonly InputIssue[]): ApiError {
  return new ApiError('BAD_USER_INPUT', `Invalid input: ${issueSummary(issues)}`, { issues });
}

/**
 * Validates untrusted input with a zod schema; failure is `BAD_USER_INPUT` listing each issue, its
 * path from the field's arguments: `under` names the argument `raw` is (a mutation's `input`).
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown, under?: string): z.output<S> {
  const result = schema.safeParse(withoutNulls(raw));
  if (result.success) return result.data;
  const prefix = under === undefined ? [] : [under];
  throw badInput(
    result.error.issues.map((issue) => ({
      path: [...prefix, ...issue.path].map(String).join('.'),
      message: issue.message,
    })),
  );
}

// Plain objects only (GraphQL builds input objects with or without a prototype): not Dates.
const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null &&
  typeof value === 'object' &&
  [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null);

/** Every string in plain objects and arrays under `value`, with its path. */
function* strings(value: unknown, path: PropertyKey[] = []): Generator<[PropertyKey[], string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* strings(item, [...path, i]);
  else if (isRecord(value)) for (const [key, item] of Object.entries(value)) yield* strings(item, [...path, key]);
}

/**
 * A root field's arguments, every string in them storable text. PostgreSQL cannot hold a NUL or
 * an unpaired surrogate, so one reaching a query or an append would fail there, as a server fault;
 * checking all arguments at once covers ids, texts, searches and command ids alike.
 */
const StorableArgs = z.unknown().superRefine((args, context) => {
  for (const [path, text] of strings(args)) {
    const result = StorableText.safeParse(text);
    for (const issue of result.error?.issues ?? []) context.addIssue({ code: 'custom', path, message: issue.message });
  }
});

/** Refuses (`BAD_USER_INPUT`, naming each field) root-field arguments holding unstorable text. */
export function requireStorableArgs(args: Readonly<Record<string, unknown>>): void {
  parseInput(StorableArgs, args);
}
