import type { Client, CombinedError, OperationResult } from '@urql/core';
import type { ResultOf } from '../graphql/index.ts';
import {
  AuditChatAsOf,
  AuditChatHistory,
  type AuditEventFields,
  AuditStreamHistory,
  AuditTicketAsOf,
  AuditTicketHistory,
  type AuditVerificationFields,
  AuditVerifyChat,
  AuditVerifyStream,
  AuditVerifyTicket,
  auditEvents,
  auditVerdict,
} from '../queries/audit.ts';
import { type AuditedKind, isStreamKind, type RecordKind, streamName } from './kinds.ts';

/** A refusal of the API: its stable code (NOT_FOUND, REPLAY_BUDGET_EXCEEDED...) and its message. */
export class AuditRefusal extends Error {
  constructor(
    readonly code: string | null,
    message: string,
  ) {
    super(message);
  }
}

function refusal(error: CombinedError): AuditRefusal {
  const code = error.graphQLErrors[0]?.extensions.code;
  return new AuditRefusal(typeof code === 'string' ? code : null, error.message);
}

function dataOf<T>(result: OperationResult<T>): T {
  if (result.error) throw refusal(result.error);
  if (!result.data) throw new AuditRefusal(null, 'no data');
  return result.data;
}

/**
 * The page the documents ask for: 500 events, as each one's fields (its actor named, another
 * stream's data) make 1000 of them cost more than the API lets one query cost.
 */
const PAGE = 500;

/** An event of a history; another stream's carry the data they recorded. */
export type AuditedEvent = AuditEventFields & { readonly data?: unknown };

/** One page of the history after `afterVersion`. */
async function historyPage(
  client: Client,
  kind: AuditedKind,
  id: string,
  afterVersion: number | undefined,
): Promise<AuditedEvent[]> {
  const after = afterVersion === undefined ? {} : { afterVersion };
  if (isStreamKind(kind)) {
    const page = dataOf(
      await client.query(AuditStreamHistory, { streamId: streamName(kind, id), ...after }).toPromise(),
    ).history;
    const fields = auditEvents(page);
    return fields.map((event, index) => ({ ...event, data: page[index]?.data }));
  }
  return [
    ...auditEvents(
      kind === 'tickets'
        ? dataOf(await client.query(AuditTicketHistory, { id, ...after }).toPromise()).history
        : dataOf(await client.query(AuditChatHistory, { id, ...after }).toPromise()).history,
    ),
  ];
}

/** Every event of the history, oldest first (page after page). */
export async function loadHistory(client: Client, kind: AuditedKind, id: string): Promise<AuditedEvent[]> {
  const events: AuditedEvent[] = [];
  for (;;) {
    const page = await historyPage(client, kind, id, events.at(-1)?.version);
    events.push(...page);
    if (page.length < PAGE) return events;
  }
}

/** Whether the history's hash chain and seals verify. */
export async function loadVerification(
  client: Client,
  kind: AuditedKind,
  id: string,
): Promise<AuditVerificationFields> {
  return auditVerdict(
    isStreamKind(kind)
      ? dataOf(await client.query(AuditVerifyStream, { streamId: streamName(kind, id) }).toPromise()).verification
      : kind === 'tickets'
        ? dataOf(await client.query(AuditVerifyTicket, { id }).toPromise()).verification
        : dataOf(await client.query(AuditVerifyChat, { id }).toPromise()).verification,
  );
}

/** A ticket or a chat as it was at a past instant (null: not there yet). */
export type PastView =
  | { readonly kind: 'tickets'; readonly ticket: ResultOf<typeof AuditTicketAsOf>['ticket'] }
  | { readonly kind: 'chats'; readonly chat: ResultOf<typeof AuditChatAsOf>['chat'] };

/** The ticket or chat as of `asOf` (an instant that has passed), folded from its events by the API. */
export async function loadPastView(client: Client, kind: RecordKind, id: string, asOf: string): Promise<PastView> {
  return kind === 'tickets'
    ? { kind, ticket: dataOf(await client.query(AuditTicketAsOf, { id, asOf }).toPromise()).ticket }
    : { kind, chat: dataOf(await client.query(AuditChatAsOf, { id, asOf }).toPromise()).chat };
}
