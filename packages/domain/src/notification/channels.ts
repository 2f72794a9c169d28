import { z } from 'zod';

/** A delivery channel: the in-app inbox (`web`), email, or a web push notification. */
export const NotificationChannel = z.enum(['web', 'email', 'push']);
export type NotificationChannel = z.infer<typeof NotificationChannel>;

/** The tone of a notification (docs/domain.md#notifications). */
export const NotificationKind = z.enum(['message', 'warning', 'success', 'info']);
export type NotificationKind = z.infer<typeof NotificationKind>;
