import type { Catalogue } from './en.ts';
import * as common from './messages/common.ts';
import * as inbox from './messages/inbox.ts';
import * as supervisor from './messages/supervisor.ts';
import * as ticket from './messages/ticket.ts';

/** Les messages du bureau en français. */
export const fr: Catalogue = { ...common.fr, ...inbox.fr, ...supervisor.fr, ...ticket.fr };
