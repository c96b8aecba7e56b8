/**
 * Where an org's change counter (the seq `sync/pull` reads by) is followed
 * from: its value now, and each time it moves, whichever server process made
 * the change. The team server's event stream (`GET /api/events`) is built on
 * it; the PostgreSQL one is main/stores/postgres/org-changes.ts.
 */
export interface OrgChangeFeed {
  /** The org's change seq now (0 before its first change). */
  current(orgId: number): Promise<number>;
  /**
   * Calls `onSeq` with the org's newest seq when it moves (coalesced: not
   * every seq is seen, the newest always is; one may be repeated, or older
   * than one read by `current`). Returns the function that stops it.
   */
  subscribe(orgId: number, onSeq: (seq: number) => void): () => void;
}
