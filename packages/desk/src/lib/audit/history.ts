import type { Client, CombinedError, OperationResult } from '@urql/core';
import type { ResultOf } from '../graphql/index.ts';
import {
  AuditChatAsOf,
  AuditChatHistory,
  type AuditEventFields,
  AuditTicketAsOf,
  AuditTicketHistory,
  type AuditVerificationFields,
  AuditVerifyChat,
  AuditVerifyTicket,
  auditEvents,
  auditVerdict,
} from '../queries/audit.ts';
import type { AuditedKind } from './kinds.ts';

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

/** The API's largest page of history. */
const PAGE = 1000;

/** Every event of the ticket's or chat's history, oldest first (page after page). */
export async function loadHistory(client: Client, kind: AuditedKind, id: string): Promise<AuditEventFields[]> {
  const events: AuditEventFields[] = [];
  for (;;) {
    const afterVersion = events.at(-1)?.version;
    const variables = { id, ...(afterVersion === undefined ? {} : { afterVersion }) };
    const page = auditEvents(
      kind === 'tickets'
        ? dataOf(await client.query(AuditTicketHistory, variables).toPromise()).history
        : dataOf(await client.query(AuditChatHistory, variables).toPromise()).history,
    );
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
    kind === 'tickets'
      ? dataOf(await client.query(AuditVerifyTicket, { id }).toPromise()).verification
      : dataOf(await client.query(AuditVerifyChat, { id }).toPromise()).verification,
  );
}

/** A ticket or a chat as it was at a past instant (null: not there yet). */
export type PastView =
  | { readonly kind: 'tickets'; readonly ticket: ResultOf<typeof AuditTicketAsOf>['ticket'] }
  | { readonly kind: 'chats'; readonly chat: ResultOf<typeof AuditChatAsOf>['chat'] };

/** The ticket or chat as of `asOf` (an instant that has passed), folded from its events by the API. */
export async function loadPastView(client: Client, kind: AuditedKind, id: string, asOf: string): Promise<PastView> {
  return kind === 'tickets'
    ? { kind, ticket: dataOf(await client.query(AuditTicketAsOf, { id, asOf }).toPromise()).ticket }
    : { kind, chat: dataOf(await client.query(AuditChatAsOf, { id, asOf }).toPromise()).chat };
}
