import { z } from 'zod';

/** A delivery channel: the in-app inbox (`web`), email, or a web push notification. */
export const NotificationChannel = z.enum(['web', 'email', 'push']);
export type NotificationChannel = z.infer<typeof NotificationChannel>;

/** The tone of a notification (docs/domain.md#notifications). */
export const NotificationKind = z.enum(['message', 'warning', 'success', 'info']);
export type NotificationKind = z.infer<typeof NotificationKind>;

/** The channels a staff member is alerted on; the in-app inbox is the usual one. */
export const StaffChannels = z.array(NotificationChannel);
export type StaffChannels = z.infer<typeof StaffChannels>;
