import { DomainError } from './errors.js';

/**
 * An event as it sits in a store: its type, the schema version it was written with,
 * and its JSON data. Readers upcast it to the current version before `evolve` sees it.
 */
export interface StoredEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
}

/** Turns the data of version `from` of an event type into version `from + 1`. */
export type Upcaster = (data: unknown) => unknown;

/** An event type's current schema version and the upcaster from each older version. */
export interface EventVersioning {
  readonly version: number;
  readonly upcasters: Readonly<Record<number, Upcaster>>;
}

/**
 * Knows the current schema version of every event type and how to lift older versions.
 * Unknown types and versions newer than the current one fail loudly: an event is never
 * silently dropped.
 */
export class EventSchemaRegistry {
  readonly #current = new Map<string, number>();
  readonly #upcasters = new Map<string, Upcaster>();

  /** Declares an event type and its current schema version (1 for a type never changed). */
  register(type: string, currentVersion = 1): this {
    this.#current.set(type, currentVersion);
    return this;
  }

  /** Declares how to read `type` written at `fromVersion` as `fromVersion + 1`. */
  upcaster(type: string, fromVersion: number, upcast: Upcaster): this {
    this.#upcasters.set(`${type}@${fromVersion}`, upcast);
    return this;
  }

  /** The version new events of `type` are written with. */
  currentVersion(type: string): number {
    const version = this.#current.get(type);
    if (version === undefined) throw new DomainError('UNKNOWN_EVENT_TYPE', `Unknown event type "${type}"`, { type });
    return version;
  }

  /** True when `type` is a known event type. */
  knows(type: string): boolean {
    return this.#current.has(type);
  }

  /** The event's data lifted to the current schema version of its type. */
  upcast(event: StoredEvent): { type: string; data: unknown } {
    const current = this.currentVersion(event.type);
    if (!Number.isInteger(event.schemaVersion) || event.schemaVersion < 1 || event.schemaVersion > current) {
      throw new DomainError(
        'UNSUPPORTED_SCHEMA_VERSION',
        `Event "${event.type}" has schema version ${event.schemaVersion}; this build reads 1..${current}`,
        { type: event.type, schemaVersion: event.schemaVersion },
      );
    }
    let data = event.data;
    for (let version = event.schemaVersion; version < current; version++) {
      const step = this.#upcasters.get(`${event.type}@${version}`);
      if (!step) {
        throw new DomainError('UNSUPPORTED_SCHEMA_VERSION', `No upcaster for "${event.type}" from version ${version}`, {
          type: event.type,
          schemaVersion: version,
        });
      }
      data = step(data);
    }
    return { type: event.type, data };
  }
}
