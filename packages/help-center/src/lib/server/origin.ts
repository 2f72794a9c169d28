import type { HelpCenterContext } from './context';

/** Where the help center's absolute addresses start: the configured public origin, else the request's. */
export function originOf(context: HelpCenterContext, url: URL): string {
  return context.publicOrigin ?? url.origin;
}
