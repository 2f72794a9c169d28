/** Test support (not a test file): waiting, bounded and in real time, for what a workflow does eventually. */

/** Polls `read` every 100 ms until `check` holds (a failed read counts as not yet), for up to 30 s. */
export async function eventually<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && check(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
