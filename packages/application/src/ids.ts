// Command and reservation ids the hand-over derives. Each is deterministic, so a process that
// repeats its work after a crash repeats the same ids, and the event store answers a repeated id
// with the first outcome instead of writing twice. Command ids are global to the store, so each
// purpose has its own prefix.

/** The reservation of a hand-over decided at item version `itemVersion`. */
export function reservationIdFor(commandId: string, itemVersion: number): string {
  return `${commandId}@${itemVersion}`;
}

/** The command id that takes the reservation's slot. */
export function reserveCommandId(reservationId: string): string {
  return `reserve:${reservationId}`;
}

/** The command id of the customer's reply an accepted held message becomes on its ticket: one per held message. */
export function heldMailReplyCommandId(heldMailId: string): string {
  return `heldmail-reply:${heldMailId}`;
}
