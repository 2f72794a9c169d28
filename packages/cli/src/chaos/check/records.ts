/**
 * What the chaos checker reads, and nothing else: the log, the read models' comparison with a
 * rebuild, the receivers' records and the clients' records of acknowledged commands.
 */

/** A command a client sent and the API acknowledged (answered with a result). */
export interface AcknowledgedCommand {
  readonly client: string;
  /** The key the log records it under: `<role>:<subject>:<commandId>`. */
  readonly commandKey: string;
  readonly mutation: string;
  readonly resultId: string;
  readonly at: string;
}

/** One event of the log, as the checker needs it. */
export interface LoggedEvent {
  readonly position: number;
  readonly streamId: string;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly recordedAt: string;
  readonly commandId: string | null;
}

/** One delivery the engine planned (a notification on one channel to one recipient). */
export interface PlannedDelivery {
  readonly channel: string;
  readonly recipient: string;
  readonly messageId: string;
}

/** A request the webhook receiver answered. */
export interface WebhookRecord {
  readonly path: string;
  readonly webhookId: string | null;
  /** SHA-256 of the body: the same event sent again has the same body. */
  readonly bodySha256: string;
  readonly status: number;
}

/** A mail the SMTP sink kept. */
export interface MailRecord {
  readonly to: readonly string[];
  readonly messageId: string | null;
  /** The engine's notification id (`X-Support-Notification`). */
  readonly notification: string | null;
}

/** A fault as it happened and how long the process took to be ready again. */
export interface FaultRecord {
  readonly kind: string;
  readonly target: string;
  readonly at: string;
  /** From the fault's end (restart or SIGCONT) to ready again; `null`: never ready again. */
  readonly recoveryMs: number | null;
  /** What the fault did that it must not (an upload to a full disk answered otherwise than refused as full). */
  readonly problem?: string;
}

/** The ticket timings the run configured, to know when each timer was due. */
export interface RunTimings {
  readonly firstReminderMs: number;
  readonly secondReminderMs: number;
  readonly autoCloseMs: number;
}

/** Everything the checker reads. */
export interface ChaosRecords {
  readonly acknowledged: readonly AcknowledgedCommand[];
  /** Every command key the log knows: on events, and of commands that wrote none. */
  readonly loggedCommandKeys: ReadonlySet<string>;
  readonly events: readonly LoggedEvent[];
  readonly deliveries: readonly PlannedDelivery[];
  readonly webhooks: readonly WebhookRecord[];
  readonly mails: readonly MailRecord[];
  readonly faults: readonly FaultRecord[];
  readonly timings: RunTimings;
  /** When the last fault ended: lateness is measured for timers due after it. */
  readonly faultsEndedAt: string;
  /** When the records were read: a timer due well before it must have fired. */
  readonly readAt: string;
  /** The read models' differences from a rebuild of the log (tables that differ); empty: equal. */
  readonly rebuildDifferences: readonly string[];
  /** The seals' and hash chains' verification problems; empty: all verify. */
  readonly sealProblems: readonly string[];
}
