// What `append_events` and its callers agree on, apart from the migrations that declare it.

/** SQLSTATE `append_events` raises on an expected-version mismatch; DETAIL holds the actual version. */
export const CONCURRENCY_SQLSTATE = 'ES409';

/**
 * Classid of the transaction-level advisory lock `append_events` takes on a command id (since
 * 0003); the objid is `hashtext(command_id)`. A hash collision only makes two commands wait for
 * each other, never changes an outcome.
 */
export const COMMAND_LOCK_CLASS = 1_163_067_393;

/** SQLSTATE `append_events` raises when a command id comes back with another command (since 0004). */
export const COMMAND_REUSED_SQLSTATE = 'ES422';
