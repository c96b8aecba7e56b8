import { describe, expect, it } from 'vitest';
import { runTeamMonth } from './team-month.js';

/**
 * The CI slice of `npm run team-soak`: a simulated day of a team on two
 * `burnrate server` processes sharing one PostgreSQL, 8 clients in parallel,
 * either server killed with SIGKILL twice while calls are in flight and
 * PostgreSQL restarted once: every hour charged once, balance = sum of
 * entries, every acknowledged action kept and none doubled by a retry;
 * leads buy with saved sandbox cards (one Stripe sandbox shared by both
 * servers), retried after a lost answer with their request keys: every
 * payment credited exactly once; auto-refill fires whenever its rules allow.
 */
const SEED = 20261207;

describe('two team servers on one PostgreSQL, 8 clients, kill -9 and a PostgreSQL restart', () => {
  it(`a day keeps every check (seed ${SEED}; replay: npm run team-soak -- --seed ${SEED} --days 1 --kills 2)`, async () => {
    const r = await runTeamMonth({ seed: SEED, days: 1, clients: 8, kills: 2, restartPostgres: true });
    expect(r.violations, `seed ${SEED}`).toEqual([]);
    // The faults did happen, and the run did work through them.
    expect(r.postgresRestarts).toBe(1);
    expect(r.kills).toBeGreaterThanOrEqual(1);
    expect(r.charges).toBeGreaterThan(0);
    // Leads bought with their saved cards; auto-refill fired when turned on below its threshold, and again from the run's charges.
    expect(r.purchases).toBeGreaterThan(0);
    expect(r.refills).toBeGreaterThanOrEqual(2);
    expect(r.ops).toBe(8 * r.rounds);
  }, 900_000);
});
