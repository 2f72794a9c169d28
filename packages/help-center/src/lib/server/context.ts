import type { IncomingMessage } from 'node:http';

/**
 * What the engine mounting the help center tells it, on each request (the API's help-center
 * mount sets it on the Node request, under {@link HELP_CENTER_CONTEXT}): where its GraphQL API
 * answers, the token it records views and votes with, and the contact and address settings.
 */
export interface HelpCenterContext {
  /** The engine's GraphQL endpoint, as this process reaches it (e.g. http://127.0.0.1:4000/graphql). */
  readonly graphqlUrl: string;
  /**
   * A system token: views and votes are recorded on a visitor's behalf with it; null when the
   * engine cannot mint one (its tokens come from an identity provider): then neither is recorded
   * and the vote is not offered.
   */
  readonly systemToken: string | null;
  /** The public origin of the help center's addresses (canonical links, sitemap); null: the request's. */
  readonly publicOrigin: string | null;
  /** The widget key whose loader the contact page loads; null: no widget. */
  readonly widgetKey: string | null;
  /** The address the contact page gives when no widget key is set; null: none. */
  readonly contactEmail: string | null;
  /**
   * Headers to send with every request to the API: they name the visitor's address, so each
   * visitor spends their own budgets (rate limit, views, searches), not the engine's address's.
   */
  readonly visitorHeaders: Readonly<Record<string, string>>;
}

/** The key the mount sets the context under (a registered symbol: the two sides share no module). */
export const HELP_CENTER_CONTEXT = Symbol.for('support-engine.help-center.context');

/** The context the engine set on this request; an error when the help center runs outside the engine. */
export function contextOf(platform: App.Platform | undefined): HelpCenterContext {
  const context = (platform?.req as (IncomingMessage & { [HELP_CENTER_CONTEXT]?: HelpCenterContext }) | undefined)?.[
    HELP_CENTER_CONTEXT
  ];
  if (context === undefined) throw new Error('The help center runs inside the engine, which mounts it under /help');
  return context;
}
