import type { MessageKey } from '../i18n';

const STATUSES = new Set(['new', 'in_progress', 'waiting_customer', 'resolved', 'closed', 'waiting', 'active']);

/** The catalogue key naming a ticket's or a chat's status for the customer (the status itself when unknown). */
export function statusKey(status: string): MessageKey | null {
  return STATUSES.has(status) ? (`status.${status}` as MessageKey) : null;
}
