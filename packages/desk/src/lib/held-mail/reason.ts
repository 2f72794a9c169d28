import type { MessageKey } from '../i18n/en.ts';

const REASONS: Readonly<Record<string, MessageKey>> = {
  'dmarc-failed': 'heldMail.reason.dmarc-failed',
  'token-for-another-sender': 'heldMail.reason.token-for-another-sender',
};

/** Why a message was held, as the key of its sentence (a reason this desk does not know yet: a general one). */
export function reasonKey(reason: string): MessageKey {
  return REASONS[reason] ?? 'heldMail.reason.unknown';
}
