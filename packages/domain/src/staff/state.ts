import type { NotificationChannel } from '../notification/channels.js';
import type { PushSubscription } from '../shared/push.js';
import type { StaffGroup } from './commands.js';
import type { InboxView } from './inbox-views.js';

/** Who a staff member is for alerts, and where alerts reach them. */
export type StaffProfile = {
  readonly staffId: string;
  readonly name: string;
  readonly email: string | null;
  readonly language: string | null;
  /** The IANA zone alerts show times in; null: UTC. */
  readonly timeZone: string | null;
  readonly channels: readonly NotificationChannel[];
  readonly groups: readonly StaffGroup[];
};

/** The staff stream: the profile (null until first set), the push subscriptions and the saved inbox views, in order. */
export type StaffState = {
  readonly profile: StaffProfile | null;
  readonly pushSubscriptions: readonly PushSubscription[];
  readonly inboxViews: readonly InboxView[];
};

/** A staff stream with no events. */
export const initialStaffState: StaffState = { profile: null, pushSubscriptions: [], inboxViews: [] };
