import type { TicketPriority } from '@support-engine/domain';
import type { DueCall, NotificationChannel } from '@support-engine/domain/notification';
import type { DeliveryPreference, TicketChannel } from '@support-engine/domain/ticket';

/** A push subscription as the directory keeps it. */
export interface PushTarget {
  readonly endpoint: string;
  readonly keys: { readonly p256dh: string; readonly auth: string };
}

/** What the notifier knows of a ticket. */
export interface TicketEntry {
  readonly ticketId: string;
  readonly subject: string;
  readonly customerId: string;
  readonly priority: TicketPriority;
  readonly assigneeId: string | null;
  readonly language: string | null;
  /** Standing closed as spam (absent from entries folded before it was kept: not known to be). */
  readonly closedAsSpam?: boolean;
  /**
   * What the customer last wrote, while the team has not replied publicly since (absent or null:
   * nothing waiting): the alert of whoever the ticket is assigned to next quotes it.
   */
  readonly unanswered?: string | null;
  /**
   * The booked calls that fell due and are not made, missed nor called off yet (absent from
   * entries folded before they were kept: none known): whoever the ticket is assigned to next is
   * told of them.
   */
  readonly dueCalls?: readonly DueCall[];
  /** Where it came from (absent from entries folded before it was kept: not known to be by email). */
  readonly channel?: TicketChannel;
  /** The engine's mailbox it was written to, when it came by mail: its mails are sent from there. */
  readonly mailbox?: string | null;
  /**
   * The Message-IDs of its email conversation, oldest first, as far as `mailReferences` keeps
   * them: the customer's received mails and the engine's sent ones.
   */
  readonly thread?: readonly string[];
  /** What the customer last wrote and when, quoted under the reply that answers it. */
  readonly said?: { readonly words: string; readonly at: string } | null;
}

/** What the notifier knows of a customer. */
export interface CustomerEntry {
  readonly customerId: string;
  readonly email: string | null;
  readonly language: string | null;
  /** The IANA zone their dates are shown in (absent from entries folded before profiles held one: UTC). */
  readonly timeZone?: string | null;
  /** The number on file, which staff are told to call (absent from entries folded before it was kept). */
  readonly phone?: string | null;
  readonly preference: DeliveryPreference;
  readonly push: readonly PushTarget[];
  /** The address as it bounced hard, while the profile holds it (`standingBounce`): mailed no more. */
  readonly bounced?: string | null;
}

/** What the notifier knows of a staff member: how to reach them and which alert groups they are in. */
export interface StaffEntry {
  readonly staffId: string;
  readonly email: string | null;
  readonly language: string | null;
  /** The IANA zone alerts show times in (absent from entries folded before staff had one: UTC). */
  readonly timeZone?: string | null;
  readonly channels: readonly NotificationChannel[];
  readonly groups: readonly string[];
  readonly push: readonly PushTarget[];
}

/** An agent's support tier (escalations alert the new tier). */
export interface AgentEntry {
  readonly agentId: string;
  readonly tier: number;
  /** Their display name, as customers see it (absent from entries folded before it was kept). */
  readonly name?: string;
  /** Left the team: alerted of nothing more (their tier's escalations included). */
  readonly deactivated?: true;
}

/** A webhook endpoint: where it points, what it wants, and its secret's version. */
export interface EndpointEntry {
  readonly endpointId: string;
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly enabled: boolean;
  readonly secretVersion: number;
  /** Until when the previous secret signs beside the current one (an ISO instant); none: it stopped. */
  readonly previousSecretUntil?: string;
  /** Removed for good: planned for nothing, sent nothing. */
  readonly deleted?: true;
}

/** Each kind of directory row and its shape. */
export interface DirectoryRows {
  ticket: TicketEntry;
  customer: CustomerEntry;
  staff: StaffEntry;
  agent: AgentEntry;
  endpoint: EndpointEntry;
}

/** A kind of directory row. */
export type DirectoryKind = keyof DirectoryRows;

/** One saved row. */
export interface DirectoryRow {
  readonly kind: DirectoryKind;
  readonly key: string;
  readonly row: unknown;
}

/**
 * The notifier's view of who is who, folded from the log: in memory while it runs, its changed
 * rows saved with each checkpoint. Rows are replaced whole, never mutated, so `changes` holds
 * exactly what a batch touched.
 */
export class Directory {
  readonly #rows = new Map<DirectoryKind, Map<string, unknown>>();
  #changes = new Map<string, DirectoryRow>();

  constructor(rows: readonly DirectoryRow[] = []) {
    for (const { kind, key, row } of rows) this.#of(kind).set(key, row);
  }

  /** The row of `kind` under `key`, if any. */
  get<K extends DirectoryKind>(kind: K, key: string): DirectoryRows[K] | undefined {
    return this.#of(kind).get(key) as DirectoryRows[K] | undefined;
  }

  /** Replaces the row of `kind` under `key`. */
  put<K extends DirectoryKind>(kind: K, key: string, row: DirectoryRows[K]): void {
    this.#of(kind).set(key, row);
    this.#changes.set(`${kind}\u0000${key}`, { kind, key, row });
  }

  /** Updates an existing row; does nothing when there is none. */
  update<K extends DirectoryKind>(kind: K, key: string, change: (row: DirectoryRows[K]) => DirectoryRows[K]): void {
    const row = this.get(kind, key);
    if (row !== undefined) this.put(kind, key, change(row));
  }

  /** Every row of a kind. */
  all<K extends DirectoryKind>(kind: K): DirectoryRows[K][] {
    return [...this.#of(kind).values()] as DirectoryRows[K][];
  }

  /** The rows changed since the last call, and forgets them. */
  takeChanges(): DirectoryRow[] {
    const changes = [...this.#changes.values()];
    this.#changes = new Map();
    return changes;
  }

  #of(kind: DirectoryKind): Map<string, unknown> {
    let rows = this.#rows.get(kind);
    if (rows === undefined) {
      rows = new Map();
      this.#rows.set(kind, rows);
    }
    return rows;
  }
}
