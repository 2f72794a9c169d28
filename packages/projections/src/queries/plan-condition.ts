import { lowerCaseChar, planKey } from '@support-engine/domain';
import { type RawBuilder, sql } from 'kysely';

/** What the database needs to fold a plan as `planKey` does: the characters trimmed, and each case change. */
interface PlanFolding {
  readonly space: string;
  readonly upper: string;
  readonly lower: string;
}

let folding: PlanFolding | undefined;

/**
 * Reads the folding off the domain's own functions, once: every character that JavaScript's trim
 * removes, and every one that {@link lowerCaseChar} changes with what it becomes. PostgreSQL's
 * `lower` follows the server's locale (in the C locale it leaves `É` as it is), so the database
 * folds with `btrim` and `translate` on these lists instead, the same on every server.
 */
function planFolding(): PlanFolding {
  if (folding !== undefined) return folding;
  let space = '';
  let upper = '';
  let lower = '';
  for (let code = 0; code <= 0x10ffff; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue; // Surrogates are no characters of their own.
    const char = String.fromCodePoint(code);
    if (char.trim() === '') space += char;
    const folded = lowerCaseChar(char);
    if (folded !== char) {
      upper += char;
      lower += folded;
    }
  }
  folding = { space, upper, lower };
  return folding;
}

/** `planKey` of a text column, as SQL: the column trimmed and lower-cased character by character. */
export function planKeySql(column: RawBuilder<unknown>): RawBuilder<string> {
  const { space, upper, lower } = planFolding();
  return sql<string>`translate(btrim(${column}, ${space}), ${upper}, ${lower})`;
}

/** Whether the plan in `column` is `plan`, compared by `planKey` (false for no plan). */
export function samePlanSql(column: RawBuilder<unknown>, plan: string): RawBuilder<boolean> {
  return sql<boolean>`${planKeySql(column)} = ${planKey(plan)}`;
}
