import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from './engine.js';

// An offset is required so an instant is never read in the server's local time zone.
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * Whether the fields name a real moment: JavaScript's `Date` rolls an impossible one over
 * (30 February becomes 2 March), which would answer about another instant than the one asked.
 */
function isCalendarInstant([
  ,
  year,
  month,
  day,
  hour,
  minute,
  second,
  offsetHour,
  offsetMinute,
]: RegExpExecArray): boolean {
  const y = Number(year);
  const m = Number(month);
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return (
    m >= 1 &&
    m <= 12 &&
    Number(day) >= 1 &&
    Number(day) <= daysInMonth &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second ?? 0) <= 59 &&
    Number(offsetHour ?? 0) <= 23 &&
    Number(offsetMinute ?? 0) <= 59
  );
}

/**
 * The instant `value` names, or a refusal; a literal's refusal carries its node, so the client is
 * told where in the document it stands (a variable's is named by the engine, `Variable "$to"...`).
 */
function parseInstant(value: unknown, literal?: ValueNode): Date {
  const fields = typeof value === 'string' ? ISO_INSTANT.exec(value) : null;
  if (fields !== null && isCalendarInstant(fields)) {
    const date = new Date(value as string);
    if (!Number.isNaN(date.getTime())) return date;
  }
  const found = literal === undefined ? '' : `; found ${JSON.stringify(value)}`;
  throw new GraphQLError(
    `DateTime must be an ISO-8601 instant with a time zone, e.g. 2025-03-03T09:00:00Z${found}`,
    literal === undefined ? {} : { nodes: literal },
  );
}

/** Instants: `Date` (read models) or ISO strings (domain state) out, `Date` in. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  serialize(value) {
    const date = value instanceof Date ? value : parseInstant(value);
    return date.toISOString();
  },
  parseValue: (value) => parseInstant(value),
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string', { nodes: ast });
    return parseInstant(ast.value, ast);
  },
});

/** Event data, output only: it is already JSON as the store holds it. */
export const JsonScalar = new GraphQLScalarType<never, unknown>({
  name: 'JSON',
  serialize: (value) => value,
  parseValue() {
    throw new GraphQLError('JSON is an output type');
  },
  parseLiteral() {
    throw new GraphQLError('JSON is an output type');
  },
});
