import { createDomainEventRegistry, type EventSchemaRegistry } from '@support-engine/domain';
import { AgentEvent } from '@support-engine/domain/agent';
import { ArticleEvent, ArticleViewed } from '@support-engine/domain/article';
import { ChatEvent } from '@support-engine/domain/chat';
import { CustomerEvent } from '@support-engine/domain/customer';
import { HeldMailEvent } from '@support-engine/domain/held-mail';
import { MailboxEvent } from '@support-engine/domain/mailbox';
import { CustomerActivityEvent } from '@support-engine/domain/proactive';
import { StaffEvent } from '@support-engine/domain/staff';
import { TicketEvent } from '@support-engine/domain/ticket';
import { WidgetEvent } from '@support-engine/domain/widget';
import type { Checkpoint, EventMetadata, RecordedEvent } from '@support-engine/eventstore';
import { UnreadableEventError } from './errors.js';

/** Every domain event a projection may receive, discriminated on `type`. */
export type DomainEvent =
  | TicketEvent
  | ChatEvent
  | AgentEvent
  | CustomerEvent
  | CustomerActivityEvent
  | ArticleEvent
  | ArticleViewed
  | StaffEvent
  | HeldMailEvent
  | MailboxEvent
  | WidgetEvent;

/** Where an event sits in the log and what the store recorded around it. */
export interface LogPosition {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly checkpoint: Checkpoint;
  readonly recordedAt: Date;
  readonly metadata: EventMetadata;
}

/** A domain event as projections receive it: upcast, validated, and placed in the log. */
export type ProjectedEvent<E extends DomainEvent = DomainEvent> = E & { readonly log: LogPosition };

type Schema = { safeParse(input: unknown): { success: true; data: DomainEvent } | { success: false; error: Error } };

// The union of each aggregate validates `{ type, data }` of its own types; zod dispatches on `type`.
const SCHEMAS = new Map<string, Schema>([
  ...(
    [
      TicketEvent,
      ChatEvent,
      AgentEvent,
      CustomerEvent,
      CustomerActivityEvent,
      ArticleEvent,
      StaffEvent,
      HeldMailEvent,
      MailboxEvent,
      WidgetEvent,
    ] as const
  ).flatMap((union) => union.options.map((option) => [option.shape.type.value, union as unknown as Schema] as const)),
  [ArticleViewed.shape.type.value, ArticleViewed as unknown as Schema],
]);

/**
 * Reads recorded events for one projection. Every event is upcast (so an unknown type or an
 * unsupported schema version stops the projection even when it would not use the event);
 * events the projection handles are also validated against their schema.
 */
export class EventDecoder {
  constructor(
    private readonly projection: string,
    private readonly registry: EventSchemaRegistry = createDomainEventRegistry(),
  ) {}

  /** The event ready to apply, or `null` when the projection does not handle its type. */
  decode(recorded: RecordedEvent, handles: ReadonlySet<string>): ProjectedEvent | null {
    const { data } = this.#upcast(recorded);
    if (!handles.has(recorded.type)) return null;
    const schema = SCHEMAS.get(recorded.type);
    if (!schema) throw this.#unreadable(recorded, 'the registry knows this type but no domain schema describes it');
    const parsed = schema.safeParse({ type: recorded.type, data });
    if (!parsed.success) throw this.#unreadable(recorded, `malformed data: ${issuesOf(parsed.error)}`, parsed.error);
    const { streamId, streamVersion, checkpoint, recordedAt, metadata } = recorded;
    return { ...parsed.data, log: { streamId, streamVersion, checkpoint, recordedAt, metadata } };
  }

  #upcast(recorded: RecordedEvent): { data: unknown } {
    try {
      return this.registry.upcast(recorded);
    } catch (error) {
      throw this.#unreadable(recorded, error instanceof Error ? error.message : String(error), error);
    }
  }

  #unreadable(recorded: RecordedEvent, reason: string, cause?: unknown): UnreadableEventError {
    const { streamId, streamVersion, type, schemaVersion, checkpoint } = recorded;
    return new UnreadableEventError(
      this.projection,
      { streamId, streamVersion, type, schemaVersion, checkpoint },
      reason,
      cause,
    );
  }
}

/** A schema's refusal on one line: each issue's path and message (zod's own message is a JSON dump). */
function issuesOf(error: Error): string {
  const { issues } = error as { issues?: { path: PropertyKey[]; message: string }[] };
  if (!Array.isArray(issues)) return error.message;
  return issues.map((issue) => `${issue.path.map(String).join('.') || '(data)'}: ${issue.message}`).join('; ');
}
