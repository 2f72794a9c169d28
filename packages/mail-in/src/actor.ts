import type { Actor } from '@support-engine/domain';

/** Who the mail ingress's commands are recorded as done by (customers it registers, mail it holds, bounces). */
export const MAIL_IN_ACTOR: Actor = { id: 'mail-in', role: 'system' };
