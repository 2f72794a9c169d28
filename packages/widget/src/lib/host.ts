import { CHANNEL, type ToFrame, type ToLoader, toFrame } from './protocol.ts';

/** A message to the loader, before the channel is put on it. */
type Outgoing = ToLoader extends infer M ? (M extends ToLoader ? Omit<M, 'channel'> : never) : never;

/** The frame's side of the conversation with the loader on the host page. */
export interface HostBridge {
  /** The host page's origin, once its loader said hello (the origin the browser vouches for). */
  readonly origin: string;
  send(message: Outgoing): void;
}

/**
 * Says `ready` to the page framing this one and waits for its loader's `init`. Only messages from
 * the parent window are read, and after the first only from the same origin, which must be the
 * frame's first ancestor where the browser tells it (`location.ancestorOrigins`).
 */
export function connectToHost(onMessage: (message: ToFrame, bridge: HostBridge) => void): void {
  if (window.parent === window) return;
  const ancestor = location.ancestorOrigins?.[0] ?? null;
  let origin: string | null = null;
  const bridge = {
    get origin() {
      return origin ?? '';
    },
    send(message: Outgoing) {
      if (origin !== null) window.parent.postMessage({ ...message, channel: CHANNEL }, origin);
    },
  };
  addEventListener('message', (event) => {
    if (event.source !== window.parent) return;
    if (origin === null ? ancestor !== null && event.origin !== ancestor : event.origin !== origin) return;
    const message = toFrame(event.data);
    if (message === null || (origin === null && message.kind !== 'init')) return;
    origin = event.origin;
    onMessage(message, bridge);
  });
  // Before the loader's init the host's origin is not known yet: the ready goes to any, and says nothing.
  window.parent.postMessage({ channel: CHANNEL, kind: 'ready' }, ancestor ?? '*');
}
