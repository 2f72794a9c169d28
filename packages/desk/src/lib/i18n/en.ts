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

/**
 * The desk's messages, one file per area under `messages/` (each gives its English and French).
 * English is the reference catalogue; `{name}` marks a value filled in when the message is shown.
 */
export const AREAS = {
  common,
  connection,
  admin,
  alerts,
  audit,
  chat,
  conversation,
  heldMail,
  inbox,
  inboxViews,
  kb,
  mailboxes,
  mailOrigin,
  oidc,
  profile,
  shortcuts,
  supervisor,
  ticket,
  ticketPanel,
  ui,
  widgets,
} as const;

/** Every English message. */
export const en = {
  ...common.en,
  ...connection.en,
  ...admin.en,
  ...alerts.en,
  ...audit.en,
  ...chat.en,
  ...conversation.en,
  ...heldMail.en,
  ...inbox.en,
  ...inboxViews.en,
  ...kb.en,
  ...mailboxes.en,
  ...mailOrigin.en,
  ...oidc.en,
  ...profile.en,
  ...shortcuts.en,
  ...supervisor.en,
  ...ticket.en,
  ...ticketPanel.en,
  ...ui.en,
  ...widgets.en,
} as const;

/** A message's key. */
export type MessageKey = keyof typeof en;
/** A language's catalogue: a message for every key. */
export type Catalogue = Readonly<Record<MessageKey, string>>;
