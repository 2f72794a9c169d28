import { z } from 'zod';
import { InvalidAppendError } from './errors.js';
import type { AppendOptions, EventMetadata, JsonObject, NewEvent } from './port.js';

/** Most events one append may write: bigger batches belong in several commands. */
export const MAX_EVENTS_PER_APPEND = 1000;

/** An append after validation: defaults filled in, data and metadata plain JSON objects. */
export interface ValidAppend {
  readonly streamId: string;
  readonly events: readonly ValidEvent[];
  readonly options: AppendOptions;
}

/** A {@link NewEvent} after validation. */
export interface ValidEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonObject;
  readonly metadata: EventMetadata;
}

// Strict JSON: what a jsonb column round-trips unchanged. Only `undefined` object properties
// are tolerated (and dropped, as JSON.stringify does), so optional fields can stay unset.
function isJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      if (value === null) return true;
      if (Array.isArray(value)) return value.every(isJson);
      return isJsonObject(value);
    default:
      return false;
  }
}

function isJsonObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  return Object.values(value).every((field) => field === undefined || isJson(field));
}

const JsonObjectSchema = z.custom<JsonObject>(isJsonObject, 'must be a plain JSON-serialisable object');
const Name = z.string().min(1).max(200);
/**
 * Command ids may be longer than names: ids derived from a caller's id (a hand-over's
 * reservation, a reaction to an event) prefix it with their purpose.
 */
export const MAX_COMMAND_ID_LENGTH = 500;
const optionalText = z.string().max(2000).optional();

// The well-known metadata keys must be strings; any other key may hold any JSON.
const MetadataSchema = z
  .looseObject({
    actorId: optionalText,
    actorRole: optionalText,
    commandId: optionalText,
    commandDigest: optionalText,
    causationId: optionalText,
    correlationId: optionalText,
    reason: optionalText,
  })
  .refine(isJsonObject, 'must be a plain JSON-serialisable object');

const NewEventSchema = z
  .object({
    type: Name,
    data: JsonObjectSchema,
    schemaVersion: z.number().int().min(1).default(1),
    metadata: MetadataSchema.default({}),
  })
  .strict();

const ExpectedVersionSchema = z.union([
  z.number().int().min(0),
  z.literal('no_stream'),
  z.literal('stream_exists'),
  z.literal('any'),
]);

const AppendSchema = z.object({
  streamId: Name,
  events: z.array(NewEventSchema).min(1).max(MAX_EVENTS_PER_APPEND),
  options: z.object({
    expectedVersion: ExpectedVersionSchema,
    commandId: z.string().min(1).max(MAX_COMMAND_ID_LENGTH).optional(),
    commandDigest: z.string().min(1).max(200).optional(),
  }),
});

/**
 * Checks an append's arguments and fills defaults; every adapter calls it first so they
 * refuse exactly the same inputs. Throws {@link InvalidAppendError}.
 */
export function validateAppend(streamId: string, events: readonly NewEvent[], options: AppendOptions): ValidAppend {
  const result = AppendSchema.safeParse({ streamId, events, options });
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    }));
    throw new InvalidAppendError(`Invalid append: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  const valid = result.data;
  return {
    streamId: valid.streamId,
    options: valid.options,
    // A JSON round trip drops undefined properties, exactly as jsonb storage would.
    events: valid.events.map((event) => ({
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: JSON.parse(JSON.stringify(event.data)) as JsonObject,
      metadata: JSON.parse(JSON.stringify(event.metadata)) as EventMetadata,
    })),
  };
}
