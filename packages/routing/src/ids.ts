// The router's command ids are deterministic, so a router that repeats its work after a crash
// repeats the same ids, and the event store answers a repeated id with the first outcome instead
// of writing twice. Command ids are global to the store, so each purpose has its own prefix.

/** The command id of the router's hand-over of an item, decided at its board version. */
export function routeCommandId(itemKey: string, boardVersion: number): string {
  return `route:${itemKey}@${boardVersion}`;
}
