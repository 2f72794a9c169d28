import type { Catalogue } from './en.ts';
import * as audit from './messages/audit.ts';
import * as common from './messages/common.ts';
import * as inbox from './messages/inbox.ts';
import * as oidc from './messages/oidc.ts';
import * as ticket from './messages/ticket.ts';

/** Les messages du bureau en français. */
export const fr: Catalogue = { ...common.fr, ...inbox.fr, ...ticket.fr, ...audit.fr, ...oidc.fr };
