/**
 * Reading the desk inbox's virtualized list from a browser test (not a test file): only the rows
 * near the viewport are in the page, so a test scrolls through it to see them all.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The list's rows in the page now. */
export const INBOX_ROWS = 'tbody tr[data-ticket-id]';

/** The ticket ids of the rows in the page now, in order. */
export function drawnRows(page: Page): Promise<string[]> {
  return page.locator(INBOX_ROWS).evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.ticketId ?? ''));
}

/** How many tickets the list says its filter keeps (`aria-rowcount`, less the header row). */
export async function listTotal(page: Page): Promise<number> {
  return Number(await page.locator('table[aria-rowcount]').getAttribute('aria-rowcount')) - 1;
}

/** Scrolls by `pixels` and waits until the page has drawn twice since. */
async function scrollBy(page: Page, pixels: number): Promise<void> {
  await page.evaluate(
    (by) =>
      new Promise<void>((done) => {
        window.scrollBy(0, by);
        requestAnimationFrame(() => requestAnimationFrame(() => done()));
      }),
    pixels,
  );
}

/**
 * Every row of the list, from the top: scrolls down a screen at a time (the list loads its next
 * pages on the way) until it has seen as many rows as the list's total, each row position once.
 * Fails if a position shows two tickets or a ticket comes twice.
 */
export async function scrollThroughList(page: Page): Promise<string[]> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect.poll(() => listTotal(page)).toBeGreaterThanOrEqual(0);
  const total = await listTotal(page);
  const byPosition = new Map<number, string>();
  const read = async () => {
    const rows = await page
      .locator(INBOX_ROWS)
      .evaluateAll((all) =>
        all.map(
          (row) => [Number(row.getAttribute('aria-rowindex')), (row as HTMLElement).dataset.ticketId ?? ''] as const,
        ),
      );
    for (const [position, id] of rows) {
      const known = byPosition.get(position);
      if (known !== undefined && known !== id) throw new Error(`row ${position} showed ${known}, then ${id}`);
      byPosition.set(position, id);
    }
  };
  await read();
  while (byPosition.size < total) {
    const seen = byPosition.size;
    await scrollBy(page, 600);
    await read();
    // At the bottom, the next page may still be on its way: wait for it to draw more rows.
    if (byPosition.size === seen)
      await expect
        .poll(
          async () => {
            await scrollBy(page, 600);
            await read();
            return byPosition.size;
          },
          { timeout: 15_000 },
        )
        .toBeGreaterThan(seen);
  }
  const ids = [...byPosition.entries()].sort(([a], [b]) => a - b).map(([, id]) => id);
  expect(new Set(ids).size).toBe(ids.length);
  expect([...byPosition.keys()].sort((a, b) => a - b)).toEqual(ids.map((_, index) => index + 2));
  return ids;
}
