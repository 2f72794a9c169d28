import { mailAddressKey } from './addresses.js';

/** A recipient a delivery status report says could not be reached, and why. */
export interface FailedRecipient {
  readonly address: string;
  /** The report's status code (`5.1.1`) and diagnostic, as one line. */
  readonly reason: string;
}

/** How lasting a reported failure is: `hard` for good, `soft` for now (a soft bounce). */
export type BounceSeverity = 'hard' | 'soft';

/**
 * The recipients a delivery status report (RFC 3464, the `message/delivery-status` part of a
 * bounce) says could not be reached, each with how lasting the failure is: `hard` for
 * `Action: failed` with a permanent `5.x.x` status; `soft` for a delayed delivery
 * (`Action: delayed`) or a temporary `4.x.x` failure, where the address may work tomorrow and
 * marking it undeliverable at once would silence a customer over a full mailbox. Recipients
 * delivered, relayed or expanded are not failures.
 */
export function reportedBounces(deliveryStatus: string): readonly (FailedRecipient & { severity: BounceSeverity })[] {
  const unfolded = deliveryStatus.replace(/\r\n?/g, '\n').replace(/\n[ \t]+/g, ' ');
  const failed: (FailedRecipient & { severity: BounceSeverity })[] = [];
  // The first block is about the message; each later one about one recipient.
  for (const block of unfolded.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const recipient = fields.get('final-recipient') ?? fields.get('original-recipient');
    const action = fields.get('action')?.toLowerCase();
    const status = fields.get('status') ?? '';
    const severity = severityOf(action, status);
    if (recipient === undefined || severity === undefined) continue;
    // `rfc822; someone@example.com`: the address type, then the address.
    const address = mailAddressKey(recipient.includes(';') ? recipient.slice(recipient.indexOf(';') + 1) : recipient);
    if (!address.includes('@')) continue;
    const diagnostic = fields.get('diagnostic-code');
    failed.push({ address, reason: diagnostic === undefined ? status : `${status} ${diagnostic}`, severity });
  }
  return failed;
}

function severityOf(action: string | undefined, status: string): BounceSeverity | undefined {
  if (action === 'failed' && /^5\.\d{1,3}\.\d{1,3}/.test(status)) return 'hard';
  if (action === 'delayed' || ((action === 'failed' || action === undefined) && /^4\.\d{1,3}\.\d{1,3}/.test(status)))
    return 'soft';
  return undefined;
}

/** The recipients a delivery status report gives up on for good ({@link reportedBounces}' `hard` ones). */
export function hardBouncedRecipients(deliveryStatus: string): readonly FailedRecipient[] {
  return reportedBounces(deliveryStatus)
    .filter((failure) => failure.severity === 'hard')
    .map(({ address, reason }) => ({ address, reason }));
}
