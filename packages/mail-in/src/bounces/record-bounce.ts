import { createHash } from 'node:crypto';
import { type CommandActor, type CommandBus, customerOfAddress } from '@support-engine/application';
import { EmailAddress } from '@support-engine/domain';
import { emailClaimId } from '@support-engine/domain/customer';
import { MAIL_IN_ACTOR } from '../actor.js';

/** What a bounce says, as the processor read it. */
export interface BounceReport {
  /** The key the bounce message is recorded under: each command id derives from it, so reprocessing it writes nothing twice. */
  readonly mailKey: string;
  /** Why delivery failed (the status text of the report), bounded. */
  readonly reason: string;
}

/** One failed recipient and what was recorded for it. */
export interface BounceOutcome {
  readonly address: string;
  /** The customer holding the address, or null when none does (the bounce concerns nobody we mail). */
  readonly customerId: string | null;
  /** Whether the customer's address was newly marked undeliverable (false: already marked, or no longer theirs). */
  readonly recorded: boolean;
}

const Address = EmailAddress;
const MAX_REASON = 1_000;

/**
 * Records a hard bounce against the customer of each failed recipient: the customer holding the
 * address (its claim stream, `custemail-<address>`) is sent `RecordEmailBounce`, and the
 * customer's rule decides (their current address is marked undeliverable, so they are told
 * in-app from then on; an address they no longer hold changes nothing). Addresses that are not
 * addresses, or that no customer holds, are reported and skipped. Command ids derive from the
 * bounce's `mailKey` and the address: processing the same bounce again records nothing more.
 */
export async function recordBounce(
  bus: CommandBus,
  failedRecipients: readonly string[],
  report: BounceReport,
  actor: CommandActor = MAIL_IN_ACTOR,
): Promise<BounceOutcome[]> {
  return recordAgainstHolders(bus, failedRecipients, report, actor, 'hard');
}

/**
 * Records a soft bounce (a temporary failure: delayed, or a `4.x.x` status) against the customer
 * of each recipient, as {@link recordBounce} does a hard one, with `RecordEmailSoftBounce`: the
 * customer's rule counts them, and enough within a week mark the address undeliverable
 * (`softBouncesCountAsHard`). `recorded` says whether the soft bounce was recorded.
 */
export async function recordSoftBounce(
  bus: CommandBus,
  recipients: readonly string[],
  report: BounceReport,
  actor: CommandActor = MAIL_IN_ACTOR,
): Promise<BounceOutcome[]> {
  return recordAgainstHolders(bus, recipients, report, actor, 'soft');
}

async function recordAgainstHolders(
  bus: CommandBus,
  recipients: readonly string[],
  report: BounceReport,
  actor: CommandActor,
  severity: 'hard' | 'soft',
): Promise<BounceOutcome[]> {
  const reason = report.reason.trim().slice(0, MAX_REASON) || `${severity} bounce`;
  const outcomes: BounceOutcome[] = [];
  for (const address of new Set(recipients.map((recipient) => emailClaimId(recipient)))) {
    if (!Address.safeParse(address).success) {
      outcomes.push({ address, customerId: null, recorded: false });
      continue;
    }
    const holder = await customerOfAddress(bus, address);
    if (holder === undefined) {
      outcomes.push({ address, customerId: null, recorded: false });
      continue;
    }
    const data = { customerId: holder, address, reason };
    const sent = await bus.send(
      'customer',
      holder,
      severity === 'hard' ? { type: 'RecordEmailBounce', data } : { type: 'RecordEmailSoftBounce', data },
      actor,
      // A Message-ID may be long: the id is a digest of the bounce's key and the address.
      `${severity === 'hard' ? 'bounce' : 'soft-bounce'}:${createHash('sha256').update(`${report.mailKey}\n${address}`).digest('hex')}`,
    );
    outcomes.push({ address, customerId: holder, recorded: sent.events.length > 0 });
  }
  return outcomes;
}
