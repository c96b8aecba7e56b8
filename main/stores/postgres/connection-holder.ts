import { PgError, SyncConnection } from './sync-connection.js';

/**
 * True when an error means the connection itself is gone (PostgreSQL
 * restarted, the network broke, an admin ended the session): a connection
 * exception (SQLSTATE class 08), an operator intervention (57P0x), or a
 * driver error with no SQLSTATE at all. A constraint or a serialization
 * failure leaves the connection usable.
 */
export function isConnectionLost(err: unknown): boolean {
  if (!(err instanceof PgError)) return false;
  const code = err.code;
  return code === undefined || !/^[0-9A-Z]{5}$/.test(code) || code.startsWith('08') || code.startsWith('57P0');
}

/**
 * One synchronous connection that is opened again after it was lost, so a
 * long-running server outlives a PostgreSQL restart: the call that met the
 * lost connection fails (it is not retried: it may have been applied), and
 * the next call gets a fresh connection.
 */
export class ConnectionHolder {
  private conn: SyncConnection | null;

  constructor(
    private readonly url: string,
    first?: SyncConnection,
  ) {
    this.conn = first ?? null;
  }

  /** Runs `fn` on the live connection (opening one if needed); a lost connection is dropped for the next call. */
  use<T>(fn: (conn: SyncConnection) => T): T {
    this.conn ??= SyncConnection.open(this.url);
    try {
      return fn(this.conn);
    } catch (err) {
      if (isConnectionLost(err)) this.drop();
      throw err;
    }
  }

  /** Closes the connection (a later `use` opens a new one). */
  drop(): void {
    const c = this.conn;
    this.conn = null;
    c?.close();
  }
}
