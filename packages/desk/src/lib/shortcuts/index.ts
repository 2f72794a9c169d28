import { DESK_SHORTCUTS } from './desk.ts';
import { HELD_MAIL_SHORTCUTS } from './heldMail.ts';
import { INBOX_SHORTCUTS } from './inbox.ts';
import { TICKET_SHORTCUTS } from './ticket.ts';

export { isTyping, type Shortcut, type ShortcutGroup } from './registry.ts';

/**
 * Every keyboard shortcut of the desk, a group per screen, as the `?` help lists them. A screen
 * with keys of its own adds a file beside these (its `ShortcutGroup`) and one line here.
 */
export const SHORTCUT_GROUPS = [DESK_SHORTCUTS, INBOX_SHORTCUTS, TICKET_SHORTCUTS, HELD_MAIL_SHORTCUTS] as const;
