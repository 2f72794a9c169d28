import { type MailAuthentication, senderVerdict } from '@support-engine/domain/inbound-mail';
import type { MessageKey } from '../i18n/en.ts';

/** The checks of a mail's sender by their names, in the order the verdict lists them. */
const CHECKS = [
  ['spf', 'SPF'],
  ['dkim', 'DKIM'],
  ['dmarc', 'DMARC'],
] as const;

/**
 * What the desk says of a mail's sender (the domain's `senderVerdict`, in words): verified with
 * the checks that passed, failed DMARC, or not verified with DMARC's answer.
 */
export function verdictMessage(authentication: MailAuthentication): {
  readonly verdict: ReturnType<typeof senderVerdict>;
  readonly key: MessageKey;
  readonly values: Readonly<Record<string, string>>;
} {
  const verdict = senderVerdict(authentication);
  const checks = CHECKS.filter(([check]) => authentication[check] === 'pass').map(([, name]) => name);
  return {
    verdict,
    key: `mailOrigin.verdict.${verdict}`,
    values: { checks: checks.join(', '), dmarc: authentication.dmarc },
  };
}
