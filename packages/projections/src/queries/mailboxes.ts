import type { TicketPriority } from '@support-engine/domain';
import type { Kysely } from 'kysely';
import type { ReadModelTables } from '../schema.js';

/** A configured mailbox as the `mailboxes` read model holds it; nulls leave the engine's default. */
export interface MailboxView {
  readonly address: string;
  readonly name: string;
  readonly category: string | null;
  readonly language: string | null;
  readonly priority: TicketPriority | null;
  readonly active: boolean;
  readonly version: number;
  readonly updatedAt: Date;
}

/** The configured mailboxes by address, the inactive ones only when `includeInactive`. */
export async function listMailboxes(
  db: Kysely<ReadModelTables>,
  options: { readonly includeInactive?: boolean } = {},
): Promise<MailboxView[]> {
  let query = db.selectFrom('mailboxes').selectAll().orderBy('address');
  if (!options.includeInactive) query = query.where('active', '=', true);
  const rows = await query.execute();
  return rows.map((row) => ({
    address: row.address,
    name: row.name,
    category: row.category,
    language: row.language,
    priority: row.priority as TicketPriority | null,
    active: row.active,
    version: row.version,
    updatedAt: row.updated_at,
  }));
}
