import { z } from 'zod';
import { NotificationChannel } from '../notification/channels.js';
import { Id } from '../shared/actor.js';
import { EmailAddress } from '../shared/email-address.js';
import { defineCommand } from '../shared/messages.js';
import { PushSubscription } from '../shared/push.js';
import { HttpUrl } from '../shared/url.js';
import { LanguageTag } from '../shared/values.js';
import { InboxViewFilter, InboxViewName, InboxViewOrder, MAX_INBOX_VIEWS } from './inbox-views.js';

/** A list stored in one canonical order without repeats, so "nothing changed" is an equality. */
function canonical<T extends string>(item: z.ZodType<T>) {
  return z.array(item).transform((list) => [...new Set(list)].sort());
}

/**
 * The alert groups a staff member belongs to: `supervisors` hear of breaches, escalations to
 * them and low ratings; `on_call` hears of critical incidents (new urgent tickets).
 */
export const StaffGroup = z.enum(['supervisors', 'on_call']);
export type StaffGroup = z.infer<typeof StaffGroup>;

/**
 * Sets a staff member's alert profile, whole: name, optional e-mail, language and time zone (the
 * IANA zone alerts show times in, UTC when omitted; one the time-zone database does not know is
 * `UNKNOWN_TIME_ZONE`), the channels alerts go to (the in-app inbox only by default) and the alert
 * groups (none by default). The staff id is the id staff sign in with (for agents, their agent id).
 */
export const SetStaffProfile = defineCommand('SetStaffProfile', {
  staffId: Id,
  name: z.string().trim().min(1).max(200),
  email: EmailAddress.optional(),
  language: LanguageTag.optional(),
  timeZone: z.string().trim().min(1).max(64).optional(),
  channels: canonical(NotificationChannel).default(['web']),
  groups: canonical(StaffGroup).default([]),
});

/** Records a browser or device where the staff member accepts Web Push alerts. */
export const RegisterStaffPushSubscription = defineCommand('RegisterStaffPushSubscription', {
  staffId: Id,
  subscription: PushSubscription,
});

/** Forgets one of the staff member's push subscriptions. */
export const RemoveStaffPushSubscription = defineCommand('RemoveStaffPushSubscription', {
  staffId: Id,
  endpoint: HttpUrl,
});

/**
 * Saves an inbox view of the staff member's own under a name: a new one (placed last) or, for a
 * `viewId` already held, that view replaced (its place kept). Names are unique without case.
 * `shared` offers it to the whole team too (supervisors and admins only); saved again without it,
 * it is theirs alone again.
 */
export const SaveInboxView = defineCommand('SaveInboxView', {
  staffId: Id,
  viewId: Id,
  name: InboxViewName,
  filter: InboxViewFilter,
  order: InboxViewOrder.default('newest'),
  shared: z.boolean().default(false),
});

/** Renames one of the staff member's saved inbox views. */
export const RenameInboxView = defineCommand('RenameInboxView', {
  staffId: Id,
  viewId: Id,
  name: InboxViewName,
});

/** Puts the staff member's saved inbox views in a new order: every view's id, once, first to last. */
export const ReorderInboxViews = defineCommand('ReorderInboxViews', {
  staffId: Id,
  viewIds: z.array(Id).max(MAX_INBOX_VIEWS),
});

/** Deletes one of the staff member's saved inbox views; deleting one not held yields nothing. */
export const DeleteInboxView = defineCommand('DeleteInboxView', {
  staffId: Id,
  viewId: Id,
});

/**
 * Stops sharing a view with the team, leaving it its owner's (`staffId`): the owner, or a team
 * lead taking down a colleague's shared view (one who left, say). A view not shared changes nothing.
 */
export const StopSharingInboxView = defineCommand('StopSharingInboxView', {
  staffId: Id,
  viewId: Id,
});

/** Every command of the staff stream. */
export const StaffCommand = z.discriminatedUnion('type', [
  SetStaffProfile,
  RegisterStaffPushSubscription,
  RemoveStaffPushSubscription,
  SaveInboxView,
  RenameInboxView,
  ReorderInboxViews,
  DeleteInboxView,
  StopSharingInboxView,
]);
/** A staff command as callers write it (defaults may be left out). */
export type StaffCommand = z.input<typeof StaffCommand>;
