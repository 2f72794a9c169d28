import type { EventSchemaRegistry } from '@support-engine/domain';
import type { RecordedEvent } from '@support-engine/eventstore';
import type { DeliveredEvent } from './contract.js';

/**
 * A stored event as a workflow receives it: upcast to the current schema of its type, so
 * workflow code only ever folds current event shapes, with its correlation id. An unknown type
 * or version throws.
 */
export function toDeliveredEvent(recorded: RecordedEvent, registry: EventSchemaRegistry): DeliveredEvent {
  const { type, data } = registry.upcast(recorded);
  const { correlationId } = recorded.metadata;
  return {
    streamId: recorded.streamId,
    version: recorded.streamVersion,
    type,
    data,
    ...(typeof correlationId === 'string' ? { correlationId } : {}),
  };
}
