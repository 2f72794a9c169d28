import { standingBounce } from '@support-engine/domain/customer';
import type { ContactOnFile } from '@support-engine/domain/ticket';
import { pageSize } from '@support-engine/eventstore-postgres';
import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import { EXTENSION_SCHEMA } from '../read-models/articles/text-search.js';
import type { ReadModelTables } from '../schema.js';
import { samePlanSql } from './plan-condition.js';

/** A customer as queries return it: their profile (null fields for one never registered). */
export interface CustomerView {
  readonly customerId: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly language: string | null;
  readonly company: string | null;
  readonly plan: string | null;
  /** The number on file (international form). */
  readonly phone: string | null;
  /** The IANA zone their dates are shown in; null: UTC. */
  readonly timeZone: string | null;
  readonly deliveryPreference: string;
  /** When they registered; null for a customer only ever seen on tickets. */
  readonly customerSince: Date | null;
  readonly firstSeenAt: Date;
  /** The address they gave themself, not theirs (nor mailed) until they confirm it; null: none. */
  readonly pendingEmail: { readonly email: string; readonly expiresAt: Date } | null;
  /** Their address as it bounced hard: not mailed until it changes, told in-app instead; null: none. */
  readonly emailBounced: string | null;
  /** When mail to their address last failed for now (a soft bounce: still mailed); null: none since it was theirs. */
  readonly emailSoftBouncedAt: Date | null;
  /** The customer they were merged into (a widget visitor who identified); null: a customer of their own. */
  readonly mergedInto: string | null;
}

const COLUMNS = [
  'customer_id',
  'name',
  'email',
  'language',
  'company',
  'plan',
  'phone',
  'time_zone',
  'delivery_preference',
  'registered_at',
  'first_seen_at',
  'pending_email',
  'pending_email_expires_at',
  'email_bounced',
  'email_soft_bounced',
  'email_soft_bounced_at',
  'merged_into',
] as const;

type Row = Selectable<Pick<ReadModelTables['customers'], (typeof COLUMNS)[number]>>;

function customerView(row: Row): CustomerView {
  return {
    customerId: row.customer_id,
    name: row.name,
    email: row.email,
    language: row.language,
    company: row.company,
    plan: row.plan,
    phone: row.phone,
    timeZone: row.time_zone,
    deliveryPreference: row.delivery_preference,
    customerSince: row.registered_at,
    firstSeenAt: row.first_seen_at,
    pendingEmail:
      row.pending_email === null || row.pending_email_expires_at === null
        ? null
        : { email: row.pending_email, expiresAt: row.pending_email_expires_at },
    emailBounced: row.email_bounced,
    emailSoftBouncedAt: standingBounce(row.email_soft_bounced, row.email) === null ? null : row.email_soft_bounced_at,
    mergedInto: row.merged_into,
  };
}

/** One customer, or `null` when the engine has never seen them. */
export async function getCustomer(db: Kysely<ReadModelTables>, customerId: string): Promise<CustomerView | null> {
  const row = await db.selectFrom('customers').select(COLUMNS).where('customer_id', '=', customerId).executeTakeFirst();
  return row ? customerView(row) : null;
}

/** The ids of every ticket and chat of a customer (indexed by customer: the live customer card follows them). */
export async function customerThreads(
  db: Kysely<ReadModelTables>,
  customerId: string,
): Promise<{ readonly tickets: string[]; readonly chats: string[] }> {
  const [tickets, chats] = await Promise.all([
    db.selectFrom('tickets').select('ticket_id').where('customer_id', '=', customerId).execute(),
    db.selectFrom('chat_sessions').select('chat_id').where('customer_id', '=', customerId).execute(),
  ]);
  return { tickets: tickets.map((row) => row.ticket_id), chats: chats.map((row) => row.chat_id) };
}

/** The profiles of `customerIds`, by id, in one read (a customer with no profile is left out). */
export async function getCustomers(
  db: Kysely<ReadModelTables>,
  customerIds: readonly string[],
): Promise<Map<string, CustomerView>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('customers')
    .select(COLUMNS)
    .where('customer_id', 'in', [...customerIds])
    .execute();
  return new Map(rows.map((row) => [row.customer_id, customerView(row)]));
}

/**
 * The number and zone on file of `customerIds`, by id (a customer with no profile, or neither
 * on file, is left out): what their calls are read with (`callbackAsRead`).
 */
export async function contactsOnFile(
  db: Kysely<ReadModelTables>,
  customerIds: readonly string[],
): Promise<Map<string, ContactOnFile>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('customers')
    .select(['customer_id', 'phone', 'time_zone'])
    .where('customer_id', 'in', [...customerIds])
    .where((eb) => eb.or([eb('phone', 'is not', null), eb('time_zone', 'is not', null)]))
    .execute();
  return new Map(rows.map((row) => [row.customer_id, { phone: row.phone, timeZone: row.time_zone }]));
}

/** `text` as a case-insensitive `LIKE` pattern matching it anywhere, its wildcards escaped. */
function containsPattern(text: string): string {
  return `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The digits of a text written as (part of) a phone number, at least 4 of them; else null. As a
 * number on file is kept (international, without a trunk prefix), a trunk prefix written `(0)` is
 * dropped, and so are the leading zeros of a national number ("020 7946 0958" finds +442079460958).
 */
function phoneDigits(text: string): string | null {
  if (!/^\+?[0-9 ().-]+$/.test(text)) return null;
  const digits = text.replace(/\(\s*0\s*\)/g, '').replace(/\D/g, '');
  const significant = text.startsWith('+') ? digits : digits.replace(/^0+/, '');
  return significant.length >= 4 ? significant : null;
}

/** Whether `column` contains `text`, regardless of case and accents ("helene" finds "Hélène", and the other way round). */
export function foldedContains(column: RawBuilder<unknown>, text: string): RawBuilder<boolean> {
  const unaccent = sql.raw(`${EXTENSION_SCHEMA}.unaccent`);
  return sql<boolean>`${unaccent}(${column}) ilike ${unaccent}(${containsPattern(text)})`;
}

/**
 * Customers whose name, email, company or id contains `text` (case- and accent-insensitive), whose name
 * holds each of its words in any order ("martin alice" finds Alice Martin), whose plan is `text`
 * (as the domain's `planKey` compares plans), or whose number on file contains its digits when it
 * is written as a phone number; those whose email or id is
 * exactly it first, then by name; at most `first` (20 by default, 100 at most).
 */
export async function searchCustomers(
  db: Kysely<ReadModelTables>,
  options: { readonly text: string; readonly first?: number },
): Promise<CustomerView[]> {
  const text = options.text.trim();
  if (text === '') return [];
  const pattern = containsPattern(text);
  const digits = phoneDigits(text);
  const words = text.split(/\s+/);
  const rows = await db
    .selectFrom('customers')
    .select(COLUMNS)
    .where((eb) =>
      eb.or([
        foldedContains(sql.ref('name'), text),
        ...(words.length > 1 ? [eb.and(words.map((word) => foldedContains(sql.ref('name'), word)))] : []),
        foldedContains(sql.ref('email'), text),
        foldedContains(sql.ref('company'), text),
        eb('customer_id', 'ilike', pattern),
        // A plan matches whole ("premium" finds the premium plan's customers, "pro" not them).
        samePlanSql(sql.ref('plan'), text),
        ...(digits === null ? [] : [eb('phone', 'like', `%${digits}%`)]),
      ]),
    )
    // An exact email or id first; `is true`, as a customer without an email compares as null.
    .orderBy(sql`(lower(email) = lower(${text}) or customer_id = ${text}) is true`, 'desc')
    .orderBy('name')
    .orderBy('customer_id')
    .limit(pageSize(options.first))
    .execute();
  return rows.map(customerView);
}
