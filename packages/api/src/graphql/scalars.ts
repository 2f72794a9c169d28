import { GraphQLError, GraphQLScalarType, Kind } from './engine.js';

// An offset is required so an instant is never read in the server's local time zone.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseInstant(value: unknown): Date {
  if (typeof value === 'string' && ISO_INSTANT.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new GraphQLError('DateTime must be an ISO-8601 instant with a time zone, e.g. 2025-03-03T09:00:00Z');
}

/** Instants: `Date` (read models) or ISO strings (domain state) out, `Date` in. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  serialize(value) {
    const date = value instanceof Date ? value : parseInstant(value);
    return date.toISOString();
  },
  parseValue: parseInstant,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string');
    return parseInstant(ast.value);
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
