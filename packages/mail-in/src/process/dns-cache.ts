import type { MailDnsResolver } from './authenticate.js';

/** How long answers are kept (node's resolver gives no TTL for TXT records: these bound them). */
export interface DnsCacheTimes {
  /** An answer with records; 5 minutes by default (SPF, DKIM and DMARC records change rarely). */
  readonly answerMs: number;
  /** A name or type without records (ENOTFOUND, ENODATA); 1 minute by default. */
  readonly absentMs: number;
  /** Most questions kept; the oldest go first past it. 10,000 by default. */
  readonly maxEntries: number;
}

export const DEFAULT_DNS_CACHE_TIMES: DnsCacheTimes = { answerMs: 5 * 60_000, absentMs: 60_000, maxEntries: 10_000 };

/** The answers DNS gives for "nothing there": kept like an answer, for less long. */
const ABSENT = new Set(['ENOTFOUND', 'ENODATA']);

type Entry = { readonly until: number; readonly answer: Promise<string[][] | string[]> };

/**
 * `resolver` with its answers kept for a while: a burst of mail from one domain asks DNS once per
 * question (SPF, the DKIM key, the DMARC policy), and questions asked at the same moment share
 * one lookup. Answers with records are kept `answerMs`, "no such record" answers `absentMs`;
 * other failures (a timeout, a server failure: a `temperror`) are never kept, so the next message
 * asks again. Each caller gets its own copy of an answer.
 */
export function cachingResolver(
  resolver: MailDnsResolver,
  clock: () => number = Date.now,
  times: DnsCacheTimes = DEFAULT_DNS_CACHE_TIMES,
): MailDnsResolver {
  const entries = new Map<string, Entry>();
  return async (domain, rrtype) => {
    const key = `${rrtype} ${domain.toLowerCase().replace(/\.$/, '')}`;
    const now = clock();
    const kept = entries.get(key);
    if (kept !== undefined && kept.until > now) return copy(await kept.answer);
    if (kept !== undefined) entries.delete(key);
    const answer = resolver(domain, rrtype);
    // Until it settles, those asking the same share it; then it is kept as long as its kind allows.
    entries.set(key, { until: Number.POSITIVE_INFINITY, answer });
    if (entries.size > times.maxEntries) entries.delete(entries.keys().next().value as string);
    try {
      const records = await answer;
      keep(key, answer, clock() + times.answerMs);
      return copy(records);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && ABSENT.has(code)) keep(key, answer, clock() + times.absentMs);
      else if (entries.get(key)?.answer === answer) entries.delete(key);
      throw error;
    }
  };

  function keep(key: string, answer: Entry['answer'], until: number): void {
    // Only the lookup still on record (not one evicted meanwhile) is kept.
    if (entries.get(key)?.answer === answer) entries.set(key, { until, answer });
  }
}

/** A fresh copy, so no caller's change reaches another's answer. */
function copy(records: string[][] | string[]): string[][] | string[] {
  return records.map((record) => (Array.isArray(record) ? [...record] : record)) as string[][] | string[];
}
