import { z } from 'zod';
import { NotificationChannel } from '../notification/channels.js';
import { Id } from '../shared/actor.js';
import { defineEvent } from '../shared/messages.js';
import { PushSubscription } from '../shared/push.js';
import { LanguageTag } from '../shared/values.js';
import { StaffGroup } from './commands.js';
import { InboxViewFilter, InboxViewOrder } from './inbox-views.js';

/** A staff member's alert profile was set; the event carries the whole profile as it now is. */
export const StaffProfileSet = defineEvent('StaffProfileSet', {
  staffId: Id,
  name: z.string(),
  email: z.string().optional(),
  language: LanguageTag.optional(),
  /** As the time-zone database spells it; absent: UTC (and from events recorded before staff had one). */
  timeZone: z.string().max(64).optional(),
  channels: z.array(NotificationChannel),
  groups: z.array(StaffGroup),
});

/** The staff member accepts Web Push alerts at a new browser or device. */
export const StaffPushSubscribed = defineEvent('StaffPushSubscribed', {
  staffId: Id,
  subscription: PushSubscription,
});

/** A staff member's push subscription was removed. */
export const StaffPushUnsubscribed = defineEvent('StaffPushUnsubscribed', {
  staffId: Id,
  endpoint: z.string(),
});

/**
 * An inbox view was saved: a new one (placed last) or one held replaced (in its place); `shared`:
 * offered to the whole team (absent in the events before views could be shared: not shared).
 */
export const InboxViewSaved = defineEvent('InboxViewSaved', {
  staffId: Id,
  viewId: Id,
  name: z.string(),
  filter: InboxViewFilter,
  order: InboxViewOrder,
  shared: z.boolean().optional(),
});

/** A saved inbox view was renamed. */
export const InboxViewRenamed = defineEvent('InboxViewRenamed', {
  staffId: Id,
  viewId: Id,
  name: z.string(),
});

/** The saved inbox views were put in a new order (every view's id, first to last). */
export const InboxViewsReordered = defineEvent('InboxViewsReordered', {
  staffId: Id,
  viewIds: z.array(Id),
});

/** A saved inbox view was deleted. */
export const InboxViewDeleted = defineEvent('InboxViewDeleted', {
  staffId: Id,
  viewId: Id,
});

/** Every event of the staff stream. */
export const StaffEvent = z.discriminatedUnion('type', [
  StaffProfileSet,
  StaffPushSubscribed,
  StaffPushUnsubscribed,
  InboxViewSaved,
  InboxViewRenamed,
  InboxViewsReordered,
  InboxViewDeleted,
]);
export type StaffEvent = z.infer<typeof StaffEvent>;

/** The staff stream's event types, for the event schema registry. */
export const STAFF_EVENT_TYPES = StaffEvent.options.map((option) => option.shape.type.value);
