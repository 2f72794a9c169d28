import type { CombinedError } from '@urql/core';
import { refusalIn } from '../i18n/refusal.ts';

/** A refused chat command in the user's words (`chat.error.<CODE>`, else the generic message). */
export const refusal = (error: CombinedError): string => refusalIn('chat', error);
