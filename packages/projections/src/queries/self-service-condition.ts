import { SELF_SERVICE_WINDOW_MS } from '@support-engine/domain/article';
import { type RawBuilder, sql } from 'kysely';

/** The domain's self-service window as an SQL interval. */
const WINDOW = sql.raw(`interval '${SELF_SERVICE_WINDOW_MS} milliseconds'`);

/** `isSelfServiceSettled` as SQL: the window of the view made at `viewedAt` has passed at `now`. */
export function selfServiceSettledSql(viewedAt: RawBuilder<unknown>, now: Date): RawBuilder<boolean> {
  return sql<boolean>`(${viewedAt} + ${WINDOW} <= ${now})`;
}

/**
 * `isSelfServiceResolved` as SQL, over the `tickets` read model: the customer `customerId` opened
 * no ticket within the window of the view made at `viewedAt`.
 */
export function selfServiceResolvedSql(
  customerId: RawBuilder<unknown>,
  viewedAt: RawBuilder<unknown>,
): RawBuilder<boolean> {
  return sql<boolean>`not exists (
    select 1 from tickets self_service_ticket
    where self_service_ticket.customer_id = ${customerId}
      and self_service_ticket.opened_at >= ${viewedAt} and self_service_ticket.opened_at < ${viewedAt} + ${WINDOW})`;
}
