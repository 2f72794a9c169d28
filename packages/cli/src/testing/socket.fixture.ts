import type { Page, WebSocketRoute } from 'playwright-core';

/** The API's GraphQL socket, as the page opens it. */
export const GRAPHQL_SOCKET = /\/graphql$/;
/** What the layout says while the connection is lost. */
export const LOST = 'The connection to the engine was lost';

/** The page's GraphQL sockets, passed through the test: counted, and made to fail at will. */
export interface FlakySocket {
  /** While true, every new socket fails at once (the network down). */
  blocked: boolean;
  /** The subscriptions the page asked for (set it to 0 to count from now). */
  subscribed: number;
  /** Every socket that reached the API, oldest first (close one to drop it). */
  readonly open: WebSocketRoute[];
}

/** Routes the page's GraphQL sockets through the test (call before the page opens one). */
export async function routeFlakySocket(page: Page): Promise<FlakySocket> {
  const socket: FlakySocket = { blocked: false, subscribed: 0, open: [] };
  await page.routeWebSocket(GRAPHQL_SOCKET, (route) => {
    if (socket.blocked) return void route.close({ code: 1006, reason: 'Network down' });
    const server = route.connectToServer();
    route.onMessage((message) => {
      if (typeof message === 'string' && message.includes('"subscribe"')) socket.subscribed++;
      server.send(message);
    });
    socket.open.push(route);
  });
  return socket;
}
