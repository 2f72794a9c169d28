/**
 * A read that live updates ask for, made at most once per `every` ms: the first update of a quiet
 * spell reads after `quiet` ms (a burst of changes, one read), later ones wait for the interval,
 * and the read takes the latest consistency token given meanwhile. A busy system then costs each
 * screen a bounded number of reads a minute, whatever the rate of changes (the API's rate limit
 * counts every root field of every read). Returns the function to call on each update, one to
 * call when the screen read at once after its own change (`note`: a pending read then takes that
 * token, so it does not answer from before that change and replace what the screen just read), and
 * one that cancels a pending read.
 */
export function throttledRead(
  read: (consistencyToken?: string) => void,
  { quiet = 150, every = 2_000 }: { quiet?: number; every?: number } = {},
): { ask: (consistencyToken?: string) => void; note: (consistencyToken: string) => void; cancel: () => void } {
  let pending: ReturnType<typeof setTimeout> | undefined;
  let latest: string | undefined;
  let lastRead = Number.NEGATIVE_INFINITY;
  return {
    ask(consistencyToken) {
      latest = consistencyToken ?? latest;
      if (pending !== undefined) return;
      pending = setTimeout(
        () => {
          pending = undefined;
          lastRead = Date.now();
          read(latest);
        },
        Math.max(quiet, lastRead + every - Date.now()),
      );
    },
    note(consistencyToken) {
      latest = consistencyToken;
    },
    cancel() {
      clearTimeout(pending);
      pending = undefined;
    },
  };
}
