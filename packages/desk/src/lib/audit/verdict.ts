import type { MessageKey } from '../i18n/index.ts';
import type { AuditVerificationFields } from '../queries/audit.ts';

/** A sentence of the verdict: its message and the values it names. */
export interface VerdictLine {
  readonly key: MessageKey;
  readonly values: Readonly<Record<string, string | number>>;
}

/**
 * A history's verification in plain words: that its `eventCount` events are intact and how far
 * they are sealed, or which event breaks the chain first, and why (then how many more do).
 * `formatDate` writes the last seal's instant in the reader's language.
 */
export function verdictLines(
  verification: AuditVerificationFields,
  eventCount: number,
  formatDate: (iso: string) => string,
): readonly VerdictLine[] {
  const [first, ...others] = verification.altered;
  if (!verification.ok && first !== undefined) {
    return [
      {
        key: first.problem === 'bad_seal' ? 'audit.verdict.badSeal' : 'audit.verdict.broken',
        values: { version: first.version },
      },
      { key: `audit.problem.${first.problem}`, values: {} },
      ...(others.length > 0 ? [{ key: 'audit.verdict.more' as const, values: { count: others.length } }] : []),
    ];
  }
  if (!verification.ok) return [{ key: 'audit.verdict.failed', values: {} }];
  const { lastSealedAt, unsealedEvents } = verification;
  if (lastSealedAt === null || unsealedEvents >= eventCount)
    return [{ key: 'audit.verdict.intactUnsealed', values: { count: eventCount } }];
  const sealedAt = formatDate(lastSealedAt);
  if (unsealedEvents === 0) return [{ key: 'audit.verdict.intactSealed', values: { count: eventCount, sealedAt } }];
  return [
    {
      key: 'audit.verdict.intactPartlySealed',
      values: { count: eventCount, sealed: eventCount - unsealedEvents, unsealed: unsealedEvents, sealedAt },
    },
  ];
}
