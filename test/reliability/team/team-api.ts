import { NOW_HEADER } from '../../../main/server/protocol.js';
import type { ServerSlot } from './server-fleet.js';

/** A call's outcome once one answer was definite. */
export type Outcome = { kind: 'ok'; result: unknown; uncertain: boolean } | { kind: 'refused'; code: string; message: string; uncertain: boolean };

/** Counts over the whole run, for the report. */
export interface ApiStats {
  calls: number;
  /** Attempts whose outcome was unknown (connection cut by a kill, 500 while PostgreSQL restarted), each retried. */
  retries: number;
}

const MAX_ATTEMPTS = 400;
const ATTEMPT_TIMEOUT_MS = 120_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The harness's clients: HTTP calls to whichever server is up, each carrying
 * the round's clock. An attempt whose outcome is unknown — the connection
 * dropped (its server was killed) or a 500 (its database connection was
 * lost) — is retried with the same clock, on the other server first; the
 * outcome says `uncertain` when an earlier attempt may already have acted, so
 * the caller can tell a refusal caused by its own earlier success from a real one.
 */
export class TeamApi {
  readonly stats: ApiStats = { calls: 0, retries: 0 };

  constructor(private readonly servers: readonly ServerSlot[]) {}

  /**
   * POST /api/<channel> with `token` at clock `now`; `prefer` picks the first
   * server to try. For a call that is not safe to repeat (a create),
   * `applied` is asked before each retry after an unknown outcome: when it
   * finds the call's effect, that is the outcome and nothing is sent again.
   */
  async call(token: string, channel: string, body: unknown, now: number, prefer = 0, applied?: () => Promise<unknown>): Promise<Outcome> {
    this.stats.calls += 1;
    let uncertain = false;
    let last = '';
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (uncertain && applied) {
        const found = await applied();
        if (found !== undefined) return { kind: 'ok', result: found, uncertain };
      }
      const slot = this.pick(prefer + attempt);
      if (!slot) {
        await sleep(100);
        continue;
      }
      let res: Response;
      try {
        res = await fetch(`${slot}/api/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, [NOW_HEADER]: new Date(now).toISOString() },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
        });
      } catch (err) {
        // Sent, then the connection broke: the server may have acted before it died.
        uncertain = true;
        this.stats.retries += 1;
        last = err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? '')}` : String(err);
        await sleep(50 + 50 * Math.min(attempt, 10));
        continue;
      }
      const text = await res.text().catch(() => '');
      let parsed: { result?: unknown; error?: { code: string; message: string } } = {};
      try {
        parsed = JSON.parse(text) as typeof parsed;
      } catch {
        // a cut answer: treated as unknown below
      }
      if (res.status === 200 && 'result' in parsed) return { kind: 'ok', result: parsed.result, uncertain };
      if (res.status === 422 && parsed.error) return { kind: 'refused', code: parsed.error.code, message: parsed.error.message, uncertain };
      if (res.status >= 500 && res.status !== 501) {
        // A fault (its database connection lost mid-call): rolled back, or committed just before the connection went.
        uncertain = true;
        this.stats.retries += 1;
        last = `${res.status} ${text.slice(0, 300)}`;
        await sleep(100 + 100 * Math.min(attempt, 10));
        continue;
      }
      throw new Error(`${channel}: unexpected answer ${res.status} ${text.slice(0, 500)}`);
    }
    throw new Error(`${channel}: no definite answer after ${MAX_ATTEMPTS} attempts (last: ${last})`);
  }

  /** The URL of the n-th server (round robin) that is up, else of any that is; null when none is. */
  private pick(n: number): string | null {
    const k = this.servers.length;
    for (let i = 0; i < k; i++) {
      const url = this.servers[(n + i) % k]!.url();
      if (url) return url;
    }
    return null;
  }
}
