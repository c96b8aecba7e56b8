import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../../main/core/clock.js';
import { createOrgOnDatabase } from '../../../main/compose/team-server.js';
import { SyncConnection } from '../../../main/stores/postgres/sync-connection.js';
import { startPostgresCluster } from '../../support/postgres-cluster.js';
import { type SandboxProcess, startSandboxProcess } from '../../support/sandbox-process.js';
import { Prng } from '../soak/prng.js';
import { ServerSlot } from './server-fleet.js';
import { TeamApi } from './team-api.js';
import { checkTeamMonth } from './team-checks.js';
import { TeamClient } from './team-client.js';

/** How a run is shaped; the same seed gives the same operations, kills and restart rounds. */
export interface TeamMonthOptions {
  seed: number;
  days: number;
  clients?: number;
  /** Servers killed with SIGKILL (each time either one, at a random moment of a random round). */
  kills?: number;
  /** Restart PostgreSQL (immediate stop, then start) once, in the middle round. */
  restartPostgres?: boolean;
  log?: (line: string) => void;
}

/** What happened and what broke. */
export interface TeamMonthResult {
  seed: number;
  days: number;
  rounds: number;
  ops: number;
  calls: number;
  retries: number;
  kills: number;
  postgresRestarts: number;
  charges: number;
  /** Purchases the clients were told succeeded. */
  purchases: number;
  /** Auto-refills credited. */
  refills: number;
  violations: string[];
}

/** Far in the future of the machine's clock: the servers' schedulers (real time) find nothing due in the simulated month. */
const START = Date.UTC(2031, 0, 6, 9, 0);
const GAPS = [5 * MINUTE_MS, 37 * MINUTE_MS, 60 * MINUTE_MS, 61 * MINUTE_MS, 3 * HOUR_MS, 8 * HOUR_MS];
const COUPONS_PER_CLIENT = 12;
/**
 * Auto-refill, set by the admin at the start. The month's coupons and
 * purchases bring in more than its charges take, so a threshold below the
 * opening balance would never be crossed: it sits `above` the opening
 * balance instead. Turning refill on below it refills at once (the set-up);
 * the first charges, still below, bring the second, in the first round;
 * that reaches the per-day cap, so crossings later that day are capped (an
 * alert), and a longer run sees the cap window reopen (liveness L2).
 */
export const REFILL = { above: 20_000, amount: 2_000, maxPerDay: 2 } as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A simulated month of a team on two `burnrate server --test-clock`
 * processes sharing one PostgreSQL: `clients` leads act in parallel, one
 * seeded operation each per round, every call carrying the round's clock;
 * between rounds the clock moves 5 minutes to 8 hours. Either server is
 * killed with SIGKILL at random moments (while calls are in flight) and
 * started again; PostgreSQL is restarted once mid-run. Clients retry calls
 * whose outcome was lost. At the end every check of team-checks.ts runs.
 */
export async function runTeamMonth(opts: TeamMonthOptions): Promise<TeamMonthResult> {
  const log = opts.log ?? (() => undefined);
  const nClients = opts.clients ?? 8;
  const rnd = new Prng(opts.seed);
  const end = START + opts.days * DAY_MS;
  const t0 = performance.now();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-team-month-'));
  const cluster = await startPostgresCluster();
  let sandbox: SandboxProcess | null = null;
  let admin: SyncConnection | null = null;
  const servers: ServerSlot[] = [];
  try {
    const db = await cluster.createDatabase();
    // One Stripe for both servers: a standalone sandbox, as BURNRATE_STRIPE_API (its file is what the checks read as Stripe's side).
    sandbox = await startSandboxProcess(path.join(scratch, 'stripe-sandbox.db'));
    const env = { BURNRATE_DATABASE_URL: db.url, BURNRATE_SERVER_TICK_MS: String(HOUR_MS), BURNRATE_STRIPE_API: sandbox.url };
    servers.push(new ServerSlot('A', ['--test-clock'], env), new ServerSlot('B', ['--test-clock'], env));
    // Both start at once: one migrates, the other waits on the migration's advisory lock and finds it done.
    await Promise.all(servers.map((s) => s.up()));
    const org = await createOrgOnDatabase(db.url, { name: 'Team month', adminEmail: 'admin@team.test', at: START });
    admin = SyncConnection.open(db.adminUrl);
    // The harness holds the org's scheduler lease for the run: a scheduler runs on the machine's clock, years before
    // the simulated month, and a restarted server's first tick would sync the org's payments there — crediting a
    // payment whose answer a kill lost, or a refill, dated 2026 among entries of 2031. Every settle and sync is a client's.
    admin.run("INSERT INTO scheduler_leases (org_id, holder, expires_at) VALUES ($1, 'team-month harness', now() + interval '7 days')", [org.orgId]);
    const api = new TeamApi(servers);

    // Coupons are made on the database (the API has no route to create them): one for the month's charges, a few per lead.
    const coupon = (code: string, credits: number) =>
      admin!.run('INSERT INTO coupons (org_id, code, credits, created_at) VALUES ($1, $2, $3, $4)', [org.orgId, code, credits, START]);
    const opening = Math.min(100_000_000, nClients * 3 * 350 * 24 * (opts.days + 1));
    coupon('TEAM-START', opening);
    const start = await api.call(org.token, 'coupons/redeem', { code: 'TEAM-START' }, START);
    // Refused as already redeemed after a lost outcome (a slow machine): the first attempt redeemed it.
    const redeemed = start.kind === 'ok' || (start.uncertain && start.code === 'coupon_already_redeemed');
    if (!redeemed) throw new Error(`the set-up coupon was refused: ${start.code}`);
    const clients: TeamClient[] = [];
    for (let i = 0; i < nClients; i++) {
      const added = await api.call(org.token, 'members/add', { email: `lead${i}@team.test`, role: 'lead' }, START);
      if (added.kind !== 'ok') throw new Error(`members/add was refused: ${added.code}`);
      const mine = Array.from({ length: COUPONS_PER_CLIENT }, (_, k) => ({ code: `C${i}-${k}`, credits: 100 + 50 * k }));
      for (const c of mine) coupon(c.code, c.credits);
      const token = (added.result as { token: string }).token;
      // Each lead saves a sandbox card of its own; the first saved is the org's default, which auto-refill charges.
      const card = await api.call(token, 'payments/addCard', { paymentMethodId: 'pm_card_visa' }, START);
      if (card.kind !== 'ok') throw new Error(`payments/addCard was refused: ${card.code}`);
      clients.push(new TeamClient(i, token, api, opts.seed, mine, (card.result as { id: string }).id));
    }
    const refill = { threshold: opening + REFILL.above, amount: REFILL.amount, maxPerDay: REFILL.maxPerDay };
    const refillSet = await api.call(org.token, 'payments/setAutoRefill', { enabled: true, ...refill }, START);
    if (refillSet.kind !== 'ok') throw new Error(`payments/setAutoRefill was refused: ${refillSet.code}`);
    // Its connection would not outlive the PostgreSQL restart: the checks open a new one.
    admin.close();
    admin = null;

    // Plan the rounds first, so kills and the restart land on seeded rounds.
    const times: number[] = [];
    for (let now = START + HOUR_MS; now < end; now += rnd.pick(GAPS)) times.push(now);
    const killAt = new Map<number, number>();
    for (let k = 0; k < (opts.kills ?? 0); k++) killAt.set(rnd.int(1, times.length - 1), rnd.int(0, 1));
    const restartAt = opts.restartPostgres ? Math.floor(times.length / 2) : -1;
    log(`set up in ${Math.round(performance.now() - t0)} ms`);
    log(
      `seed ${opts.seed}: ${times.length} rounds over ${opts.days} days, ${nClients} clients, ${killAt.size} kills, PostgreSQL restart at round ${restartAt}`,
    );

    const background: Promise<unknown>[] = [];
    let postgresRestarts = 0;
    for (let r = 0; r < times.length; r++) {
      const now = times[r]!;
      const acting = clients.map((c) => c.act(now));
      const victim = killAt.get(r);
      if (victim !== undefined) {
        // A random moment while this round's calls are in flight.
        await sleep(rnd.int(0, 40));
        log(`round ${r}: kill -9 server ${servers[victim]!.name}`);
        background.push(servers[victim]!.killAndRestart());
      }
      if (r === restartAt) {
        await sleep(rnd.int(0, 40));
        log(`round ${r}: restarting PostgreSQL`);
        await cluster.restart();
        postgresRestarts += 1;
        log(`round ${r}: PostgreSQL is back`);
      }
      await Promise.all(acting);
      if (r % 25 === 0) log(`round ${r}/${times.length} at ${new Date(now).toISOString()}: ${api.stats.calls} calls, ${api.stats.retries} retries`);
    }
    await Promise.all(background);
    log(`${times.length} rounds in ${Math.round(performance.now() - t0)} ms`);
    // A last sync resolves what a kill left in flight (a refill), as `credits sync` would; then a reading settles
    // everything due up to the end of the month.
    const synced = await api.call(org.token, 'payments/sync', {}, end);
    if (synced.kind !== 'ok') throw new Error(`the final payments sync was refused: ${synced.code}`);
    const last = await api.call(org.token, 'ledger/balance', {}, end);
    if (last.kind !== 'ok') throw new Error(`the final settle was refused: ${last.code}`);

    const logs = clients.map((c) => c.log);
    admin = SyncConnection.open(db.adminUrl);
    const violations = checkTeamMonth(
      { admin, url: db.url, orgId: org.orgId, setupCoupons: ['TEAM-START'], sandboxDbFile: sandbox.db, refill: { ...refill, since: START } },
      logs,
      end,
    );
    const count = (kind: string) =>
      admin!.get<{ n: number }>('SELECT count(*)::float8 AS n FROM ledger_entries WHERE org_id = $1 AND kind = $2', [org.orgId, kind])!.n;
    return {
      seed: opts.seed,
      days: opts.days,
      rounds: times.length,
      ops: logs.reduce((s, l) => s + l.ops, 0),
      calls: api.stats.calls,
      retries: api.stats.retries,
      kills: servers.reduce((s, x) => s + x.kills, 0),
      postgresRestarts,
      charges: count('charge'),
      purchases: logs.reduce((s, l) => s + l.purchases.length, 0),
      refills: count('refill'),
      violations,
    };
  } finally {
    for (const s of servers) await s.stop().catch(() => undefined);
    admin?.close();
    await sandbox?.stop().catch(() => undefined);
    await cluster.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
