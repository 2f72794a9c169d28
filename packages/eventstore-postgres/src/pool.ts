import pg from 'pg';

/**
 * A `pg` pool whose broken connections never crash the process. pg-pool listens for errors only
 * on the connections it holds idle; one it handed out (a transaction, a catch-up batch between
 * two statements) that the server ends (a restart, a crash: its FATAL goodbye) would emit
 * 'error' with nobody listening. Every connection gets a listener of its own: the statement
 * after the error fails instead (its caller retries), and the pool drops the connection when it
 * comes back, the next query opening a fresh one.
 */
export function createPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  return pool;
}
