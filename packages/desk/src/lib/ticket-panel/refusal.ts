import type { CombinedError } from '@urql/core';
import { refusalIn } from '../i18n/refusal.ts';

/** A refused change in the user's words (`ticketPanel.error.<CODE>`, else the generic message). */
export const refusalMessage = (error: CombinedError): string => refusalIn('ticketPanel', error);
