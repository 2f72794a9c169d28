/**
 * Where an event sits in the log: its stream and its version in that stream, 1 for the stream's
 * first event (the event store's stream version, which the engine passes; a history array's index
 * is one less).
 */
export interface EventPosition {
  readonly streamId: string;
  readonly eventIndex: number;
}

/** The deterministic id of the customer notification an event produces (retries and replays dedupe on it). */
export function notificationId(position: EventPosition): string {
  return `notification:${position.streamId}:${position.eventIndex}`;
}

/** The deterministic id of the staff alert an event produces: one per event, whatever its recipients. */
export function alertId(position: EventPosition): string {
  return `alert:${position.streamId}:${position.eventIndex}`;
}
