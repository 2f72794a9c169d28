import type { Client, TypedDocumentNode } from '@urql/core';

/**
 * Calls `changed` on each update of a subscription (another admin's change, sent once the API's
 * reads include it), for the screen to read its list again; answers the way to stop.
 */
export function followChanges<Data>(
  client: Client,
  document: TypedDocumentNode<Data, Record<string, never>>,
  changed: () => void,
): () => void {
  const { unsubscribe } = client.subscription(document, {}).subscribe((result) => {
    if (result.data) changed();
  });
  return unsubscribe;
}
