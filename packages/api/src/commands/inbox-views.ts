import { Id } from '@support-engine/domain';
import {
  DeleteInboxView,
  RenameInboxView,
  ReorderInboxViews,
  SaveInboxView,
  StopSharingInboxView,
} from '@support-engine/domain/staff';
import { type CommandSpec, defineCommand } from './spec.js';

// Every input is the domain command's data without `staffId`: a saved view is changed on the
// caller's own staff stream, so nobody names another's; only stopping a share names the owner
// (a lead taking down a colleague's shared view). The order's default is the
// domain's (newest first): left out here, so the command carries none.
const save = SaveInboxView.shape.data.omit({ staffId: true }).extend({
  order: SaveInboxView.shape.data.shape.order.removeDefault().optional(),
});

const own = (_input: unknown, env: { principal: { id: string } }) => env.principal.id;

/** The mutations of a staff member's saved inbox views (their own, on their staff stream). */
export const INBOX_VIEW_COMMANDS = {
  saveInboxView: defineCommand(
    "Saves an inbox view of the caller's own under a name: its TicketFilter (the fields an inbox offers) and order. A new viewId is placed last; a held one is replaced in its place. Names are unique without case (INBOX_VIEW_NAME_TAKEN); at most 30 views (INBOX_VIEW_LIMIT_REACHED). shared offers it to the whole team (teamInboxViews): supervisors and admins only (INBOX_VIEW_SHARING_FORBIDDEN).",
    save,
    'staff',
    own,
    ({ order, ...input }, staffId) => ({
      type: 'SaveInboxView',
      data: { ...input, staffId, ...(order && { order }) },
    }),
  ),
  renameInboxView: defineCommand(
    "Renames one of the caller's saved inbox views (NOT_FOUND for one they do not hold; INBOX_VIEW_NAME_TAKEN).",
    RenameInboxView.shape.data.omit({ staffId: true }),
    'staff',
    own,
    (input, staffId) => ({ type: 'RenameInboxView', data: { ...input, staffId } }),
  ),
  reorderInboxViews: defineCommand(
    "Puts the caller's saved inbox views in a new order: every view's id, once, first to last.",
    ReorderInboxViews.shape.data.omit({ staffId: true }),
    'staff',
    own,
    (input, staffId) => ({ type: 'ReorderInboxViews', data: { ...input, staffId } }),
  ),
  deleteInboxView: defineCommand(
    "Deletes one of the caller's saved inbox views; one they do not hold changes nothing.",
    DeleteInboxView.shape.data.omit({ staffId: true }),
    'staff',
    own,
    (input, staffId) => ({ type: 'DeleteInboxView', data: { ...input, staffId } }),
  ),
  stopSharingInboxView: defineCommand(
    "Stops sharing a saved inbox view with the team; it stays its owner's. ownerId: whose view (InboxView.ownerId; the caller's own when omitted): another's only for supervisors and admins (INBOX_VIEW_SHARING_FORBIDDEN). NOT_FOUND for a view the owner does not hold; one not shared changes nothing.",
    StopSharingInboxView.shape.data.omit({ staffId: true }).extend({ ownerId: Id.optional() }),
    'staff',
    (input, env) => input.ownerId ?? env.principal.id,
    ({ ownerId: _owner, ...input }, staffId) => ({ type: 'StopSharingInboxView', data: { ...input, staffId } }),
  ),
} satisfies Record<string, CommandSpec>;
