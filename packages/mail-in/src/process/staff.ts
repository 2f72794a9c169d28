import type { CommandBus } from '@support-engine/application';
import { type ReplyTokenClaim, replyTokenIsFor } from '@support-engine/delivery';
import { mailAddressKey } from '@support-engine/domain/inbound-mail';
import { staffDecider } from '@support-engine/domain/staff';
import { type Kysely, sql } from 'kysely';

/** The staff members whose alert profile gives `address` (its key), as candidates. */
export type StaffByEmail = (address: string) => Promise<readonly string[]>;

/**
 * Staff by address as the engine knows them: the notifier's directory, folded from the staff
 * profiles it mails alerts to (`delivery_directory`). Each candidate is then checked against its
 * own stream ({@link staffOfToken}).
 */
export function staffFromDirectory(db: Kysely<unknown>): StaffByEmail {
  return async (address) => {
    const { rows } = await sql<{ key: string }>`select distinct key from delivery_directory
      where kind = 'staff' and lower(row->>'email') = ${mailAddressKey(address)}`.execute(db);
    return rows.map((row) => row.key);
  };
}

/**
 * The staff member a staff reply token was issued to, when the sender is them: among the staff
 * whose profile gives the sender's address, the one the token verifies for; undefined when the
 * sender is no staff member, or the token was not issued to them.
 */
export async function staffOfToken(
  bus: CommandBus,
  claim: ReplyTokenClaim,
  sender: string,
  findStaff: StaffByEmail,
  key: Buffer,
): Promise<string | undefined> {
  const address = mailAddressKey(sender);
  for (const staffId of await findStaff(address)) {
    if (!replyTokenIsFor(claim, staffId, key)) continue;
    const profile = (await bus.fold('staff', staffId, staffDecider)).profile;
    if (profile?.email !== null && profile?.email !== undefined && mailAddressKey(profile.email) === address)
      return staffId;
  }
  return undefined;
}
