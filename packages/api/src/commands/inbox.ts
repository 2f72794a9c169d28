import { Id } from '@support-engine/domain';
import { z } from 'zod';
import { definePayloadMutation } from './spec.js';

const MarkRead = z
  .object({ notificationIds: z.array(Id).min(1).max(100).optional(), all: z.literal(true).optional() })
  .strict()
  .refine((input) => (input.notificationIds === undefined) !== (input.all === undefined), {
    message: 'Name the notifications to mark read (notificationIds), or all: true; not both',
    path: ['notificationIds'],
  });

/** The mutation readers work their in-app inbox with. */
export const INBOX_COMMANDS = {
  markNotificationsRead: definePayloadMutation(
    "Marks notifications of the caller's in-app inbox read (a customer's notifications, a staff member's alerts): those of notificationIds that are theirs (others are passed over), or all: true for every one. One read already keeps the time it was read.",
    'NotificationsRead',
    MarkRead,
    (input, env) => env.inboxes.markRead(env.principal, input.notificationIds ?? 'all'),
  ),
};
