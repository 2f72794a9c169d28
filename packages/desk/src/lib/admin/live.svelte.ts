import type { Client, TypedDocumentNode } from '@urql/core';
import { untrack } from 'svelte';
import { whenResumed } from '../live/status.svelte.ts';

/**
 * In a component: reads what the screen shows (`read`), then again on each update of the
 * subscription `document` (another admin's change, sent once the API's reads include it) and each
 * time the subscriptions were made again after a lost connection (what changed meanwhile was told
 * to nobody). With `onUpdate`, an update's own data is taken instead of reading everything again.
 * The subscription is made before the first read, so a change between the two is not missed.
 */
export function followChanges<Data>(
  client: () => Client,
  document: TypedDocumentNode<Data, Record<string, never>>,
  read: () => void,
  onUpdate?: (data: Data) => void,
): void {
  $effect(() => {
    const { unsubscribe } = client()
      .subscription(document, {})
      .subscribe((result) => {
        if (!result.data) return;
        if (onUpdate) onUpdate(result.data);
        else read();
      });
    untrack(read);
    return unsubscribe;
  });
  whenResumed(read);
}
