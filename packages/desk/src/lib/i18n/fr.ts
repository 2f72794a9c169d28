import type { Catalogue } from './en.ts';
import * as admin from './messages/admin.ts';
import * as alerts from './messages/alerts.ts';
import * as audit from './messages/audit.ts';
import * as chat from './messages/chat.ts';
import * as common from './messages/common.ts';
import * as connection from './messages/connection.ts';
import * as conversation from './messages/conversation.ts';
import * as heldMail from './messages/heldMail.ts';
import * as inbox from './messages/inbox.ts';
import * as inboxViews from './messages/inboxViews.ts';
import * as kb from './messages/kb.ts';
import * as mailboxes from './messages/mailboxes.ts';
import * as mailOrigin from './messages/mailOrigin.ts';
import * as oidc from './messages/oidc.ts';
import * as profile from './messages/profile.ts';
import * as shortcuts from './messages/shortcuts.ts';
import * as supervisor from './messages/supervisor.ts';
import * as ticket from './messages/ticket.ts';
import * as ticketPanel from './messages/ticketPanel.ts';
import * as ui from './messages/ui.ts';
import * as widgets from './messages/widgets.ts';

/** Les messages du bureau en français. */
export const fr: Catalogue = {
  ...common.fr,
  ...connection.fr,
  ...admin.fr,
  ...alerts.fr,
  ...audit.fr,
  ...chat.fr,
  ...conversation.fr,
  ...heldMail.fr,
  ...inbox.fr,
  ...inboxViews.fr,
  ...kb.fr,
  ...mailboxes.fr,
  ...mailOrigin.fr,
  ...oidc.fr,
  ...profile.fr,
  ...shortcuts.fr,
  ...supervisor.fr,
  ...ticket.fr,
  ...ticketPanel.fr,
  ...ui.fr,
  ...widgets.fr,
};
