import { visitorViewHour } from '@support-engine/domain/article';
import { type ReadModelTables, recordSearchGap, recordVisitorView } from '@support-engine/projections';
import type { Kysely } from 'kysely';

/** What one client address may add to the help center's figures in an hour, beyond which it is not counted. */
export interface VisitorBounds {
  /** Visitors' article views counted per address and hour. */
  readonly viewsPerHour: number;
  /** Visitors' searches that found nothing recorded as gaps per address and hour. */
  readonly searchGapsPerHour: number;
}

/**
 * The traffic of a public help center's visitors (no account): their views counted per article
 * and hour, their searches that found nothing kept as gaps, neither in the event log. Each client
 * address adds at most {@link VisitorBounds} per UTC hour; past it the request is answered as
 * usual but nothing is counted (a silent drop: a refusal would tell a script when to switch
 * address, and a reader's page has nothing to do with an error). The counts per address live in
 * each API process, like the rate limit's.
 */
export interface VisitorTraffic {
  /** Counts a visitor's view of the article; answers whether it counted. */
  view(address: string, articleId: string): Promise<boolean>;
  /** Records a visitor's search that found nothing as a gap; answers whether it counted. */
  searchGap(address: string, search: { readonly text: string; readonly locale?: string }): Promise<boolean>;
}

/** Most addresses remembered per hour: past it, new addresses count nothing until the hour turns. */
const MAX_ADDRESSES = 100_000;

/** The visitors' traffic over the read models' database, held to `bounds` per address. */
export function createVisitorTraffic(
  db: Kysely<ReadModelTables>,
  bounds: VisitorBounds,
  clock: () => Date,
): VisitorTraffic {
  const views = new AddressBudget(bounds.viewsPerHour);
  const searches = new AddressBudget(bounds.searchGapsPerHour);
  return {
    async view(address, articleId) {
      const at = clock();
      if (!views.take(address, at)) return false;
      await recordVisitorView(db, { articleId, at });
      return true;
    },
    async searchGap(address, search) {
      const at = clock();
      if (!searches.take(address, at)) return false;
      await recordSearchGap(db, { ...search, at });
      return true;
    },
  };
}

/** Units per address in the current UTC hour; forgotten when the hour turns. */
class AddressBudget {
  #hour = 0;
  readonly #spent = new Map<string, number>();

  constructor(private readonly perHour: number) {}

  take(address: string, at: Date): boolean {
    const hour = visitorViewHour(at).getTime();
    if (hour !== this.#hour) {
      this.#hour = hour;
      this.#spent.clear();
    }
    const spent = this.#spent.get(address);
    if (spent === undefined && this.#spent.size >= MAX_ADDRESSES) return false;
    if ((spent ?? 0) >= this.perHour) return false;
    this.#spent.set(address, (spent ?? 0) + 1);
    return true;
  }
}
