import type { Catalogue } from './en.ts';
import * as common from './messages/common.ts';
import * as inbox from './messages/inbox.ts';
import * as shortcuts from './messages/shortcuts.ts';
import * as ticket from './messages/ticket.ts';

/** Les messages du bureau en français. */
export const fr: Catalogue = { ...common.fr, ...inbox.fr, ...shortcuts.fr, ...ticket.fr };
