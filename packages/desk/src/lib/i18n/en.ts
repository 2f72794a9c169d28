import * as common from './messages/common.ts';
import * as inbox from './messages/inbox.ts';
import * as shortcuts from './messages/shortcuts.ts';
import * as ticket from './messages/ticket.ts';

/**
 * The desk's messages, one file per area under `messages/` (each gives its English and French).
 * English is the reference catalogue; `{name}` marks a value filled in when the message is shown.
 */
export const AREAS = { common, inbox, shortcuts, ticket } as const;

/** Every English message. */
export const en = { ...common.en, ...inbox.en, ...shortcuts.en, ...ticket.en } as const;

/** A message's key. */
export type MessageKey = keyof typeof en;
/** A language's catalogue: a message for every key. */
export type Catalogue = Readonly<Record<MessageKey, string>>;
