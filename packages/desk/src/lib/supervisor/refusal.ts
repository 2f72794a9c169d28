import type { CombinedError } from '@urql/core';
import { refusalIn } from '../i18n/refusal.ts';

/** A refusal (or its code) in the user's words (`supervisor.error.<CODE>`, else the generic message). */
export const refusalMessage = (error: CombinedError | string): string => refusalIn('supervisor', error);
