// oidc-provider ships no types: the little of it the desk's sign-in test uses (oidc.fixture.ts).
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  /** The provider's configuration (its documentation lists every option). */
  export type Configuration = Readonly<Record<string, unknown>>;

  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    /** The provider as a Node.js request listener. */
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
  }
}
