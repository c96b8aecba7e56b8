import Database from 'better-sqlite3';
import { DAY_MS, HOUR_MS } from '../../../main/core/clock.js';
import { openPgStore } from '../../../main/stores/postgres/open-pg-store.js';
import { SyncConnection } from '../../../main/stores/postgres/sync-connection.js';
import { checkInvariants } from '../invariants.js';
import { checkLiveness, readLiveness } from '../liveness.js';
import type { ClientLog, KnownDeployment } from './team-client.js';

const iso = (t: number) => new Date(t).toISOString();

/**
 * The hours a deployment must have been charged, from what its client was
 * told (not from the server's records): each start or resume after the paid
 * hour ended opens a session charged at once and every hour after, while it
 * runs; a resume inside the paid hour continues it (SPEC "Hourly charges").
 */
export function expectedHours(d: KnownDeployment, settledTo: number): number[] {
  const out: number[] = [];
  let paidUntil: number | null = null;
  d.transitions.forEach((t, i) => {
    if (t.to !== 'running') return;
    const end = d.transitions[i + 1]?.at ?? settledTo;
    let h = paidUntil === null || t.at >= paidUntil ? t.at : paidUntil;
    for (; h < end; h += HOUR_MS) out.push(h);
    paidUntil = h;
  });
  return out;
}

/** Where the checks read: the database as its superuser (past row-level security) and as the server's role. */
export interface CheckTarget {
  admin: SyncConnection;
  url: string;
  orgId: number;
  /** Coupons redeemed by the set-up, not by a client. */
  setupCoupons: string[];
  /** The Stripe sandbox's database file: the gateway's side of every payment. */
  sandboxDbFile: string;
  /** Auto-refill as the admin set it at `since`, for the whole run (no monthly limit). */
  refill: RefillRules;
}

/**
 * Every check of the month, each violation one line: the store's invariants
 * (balance chain, every hour charged once, payments), and against the
 * clients' logs: every acknowledged action is in the database and nothing
 * else is (nothing lost, nothing doubled by a retry), each deployment's
 * charges are exactly the hours its acknowledged transitions owe, every
 * coupon credited once, balance = sum of entries.
 */
export function checkTeamMonth(t: CheckTarget, logs: ClientLog[], settledTo: number): string[] {
  const out: string[] = [];
  const conn = SyncConnection.open(t.url, { sqliteValues: true });
  const store = openPgStore(conn, t.orgId);
  try {
    // Invariant 3 with the sandbox's file: every succeeded PaymentIntent credited exactly once, no credit without one.
    out.push(...checkInvariants(store, { settledTo, sandboxDbFile: t.sandboxDbFile }));
    // Liveness after the last settle: a cap window that reopened below the threshold brought its refill (L2), no action
    // alert outlived its condition (L3). L1 needs the settle before; the ledger check below stands in for it.
    out.push(...checkLiveness(readLiveness(store, settledTo, { previousSettleAt: null, cardChargeable: true, sandboxUp: true })));
  } finally {
    store.close();
  }
  const q = <T>(sql: string) => t.admin.all<T>(sql, [t.orgId]);

  const acc = q<{ balance: number; last_seq: number }>(
    'SELECT balance::float8 AS balance, last_seq::float8 AS last_seq FROM ledger_accounts WHERE org_id = $1',
  )[0]!;
  const sums = q<{ sum: number; n: number; last: number | null; maxseq: number | null }>(
    `SELECT coalesce(sum(credits), 0)::float8 AS sum, count(*)::float8 AS n, max(seq)::float8 AS maxseq,
            (SELECT balance_after::float8 FROM ledger_entries WHERE org_id = $1 ORDER BY seq DESC LIMIT 1) AS last
     FROM ledger_entries WHERE org_id = $1`,
  )[0]!;
  if (acc.balance !== sums.sum) out.push(`balance ${acc.balance} is not the sum of the entries ${sums.sum}`);
  if (sums.last !== null && sums.last !== sums.sum) out.push(`the last entry's balance_after ${sums.last} is not the sum of the entries ${sums.sum}`);
  if (sums.maxseq !== sums.n || acc.last_seq !== sums.n)
    out.push(`the chain has ${sums.n} entries but its last seq is ${sums.maxseq} (account: ${acc.last_seq})`);

  const known = logs.flatMap((l) => l.deployments);
  const rows = q<{ id: number; name: string; state: string }>('SELECT id::float8 AS id, name, state FROM deployments WHERE org_id = $1 ORDER BY id');
  const byName = new Map<string, number>();
  for (const r of rows) byName.set(r.name, (byName.get(r.name) ?? 0) + 1);
  for (const [name, n] of byName) if (n > 1) out.push(`deployment ${name} was created ${n} times (a retried create acted twice)`);
  for (const r of rows) if (!known.some((d) => d.id === r.id)) out.push(`deployment ${r.id} (${r.name}) exists but no client was told it was created`);
  const events = q<{ dep: number; from: string; to: string; at: number }>(
    'SELECT deployment_id::float8 AS dep, from_state AS "from", to_state AS "to", at::float8 AS at FROM deployment_events WHERE org_id = $1 ORDER BY id',
  );
  const charges = q<{ dep: number; h: number }>(
    "SELECT deployment_id::float8 AS dep, hour_start::float8 AS h FROM ledger_entries WHERE org_id = $1 AND kind = 'charge' ORDER BY hour_start",
  );
  for (const d of known) {
    const row = rows.find((r) => r.id === d.id);
    if (!row) {
      out.push(`deployment ${d.id} (${d.name}) was acknowledged as created but is not in the database (lost)`);
      continue;
    }
    if (row.state !== d.state) out.push(`deployment ${d.name} is ${row.state} in the database, its client was told ${d.state}`);
    const got = events.filter((e) => e.dep === d.id).map((e) => `${e.from}→${e.to}@${iso(e.at)}`);
    const told = d.transitions.map((x) => `${x.from}→${x.to}@${iso(x.at)}`);
    if (got.join(' ') !== told.join(' ')) out.push(`deployment ${d.name}: the database records [${got.join(', ')}], its client was told [${told.join(', ')}]`);
    const hours = charges.filter((c) => c.dep === d.id).map((c) => c.h);
    const want = expectedHours(d, settledTo);
    const missing = want.filter((h) => !hours.includes(h));
    const extra = hours.filter((h, i) => !want.includes(h) || hours.indexOf(h) !== i);
    if (missing.length > 0) out.push(`deployment ${d.name}: hours not charged: ${missing.slice(0, 5).map(iso).join(', ')}${missing.length > 5 ? ' …' : ''}`);
    if (extra.length > 0) out.push(`deployment ${d.name}: hours charged that were not owed or twice: ${extra.slice(0, 5).map(iso).join(', ')}`);
  }

  const couponEntries = q<{ ref: string }>("SELECT reference AS ref FROM ledger_entries WHERE org_id = $1 AND kind = 'coupon' ORDER BY id").map((r) => r.ref);
  const redeemed = [...t.setupCoupons, ...logs.flatMap((l) => l.redeemed.map((c) => c.code))];
  for (const code of redeemed) {
    const n = couponEntries.filter((c) => c === code).length;
    if (n !== 1) out.push(`coupon ${code} was acknowledged as redeemed and is credited ${n} times`);
  }
  for (const code of couponEntries) if (!redeemed.includes(code)) out.push(`coupon ${code} is credited but no client was told it was redeemed`);

  out.push(...checkPayments(t, logs));
  for (const l of logs) for (const r of l.refused) out.push(`unexpected refusal of ${r.op} at ${iso(r.at)}: ${r.code}`);
  return out;
}

/** A ledger entry as the payment checks read it. */
export interface LedgerRow {
  id: number;
  kind: string;
  credits: number;
  /** balance_after */
  after: number;
  at: number;
  reference: string | null;
}

/** Auto-refill's rules for a whole run (no monthly limit), set at `since`. */
export interface RefillRules {
  threshold: number;
  amount: number;
  maxPerDay: number;
  since: number;
}

/**
 * Purchases against the clients' logs and the gateway: each acknowledged
 * purchase is credited once, with its amount; no purchase is credited that
 * no client was told of; and the gateway took one succeeded purchase payment
 * per acknowledged purchase (a retry with its request key never paid again).
 */
export function purchaseViolations(told: ClientLog['purchases'], entries: LedgerRow[], paidAtGateway: number): string[] {
  const out: string[] = [];
  const credited = entries.filter((e) => e.kind === 'purchase');
  for (const p of told) {
    const got = credited.filter((e) => e.reference === p.paymentIntent);
    if (got.length !== 1 || got[0]!.credits !== p.credits)
      out.push(`purchase ${p.requestKey} (${p.paymentIntent}, ${p.credits}) was acknowledged and is credited [${got.map((e) => e.credits).join(', ')}]`);
  }
  for (const e of credited)
    if (!told.some((p) => p.paymentIntent === e.reference)) out.push(`purchase ${e.reference} is credited but no client was told it was paid`);
  if (paidAtGateway !== told.length) out.push(`the gateway took ${paidAtGateway} purchase payments for ${told.length} acknowledged purchases`);
  return out;
}

/**
 * Auto-refill, from the ledger (SPEC "Auto-refill"). Liveness: every debit
 * that leaves the balance below the threshold while the per-day cap allows a
 * refill (fewer than maxPerDay refills before it dated in the 24 h up to it)
 * is followed by a refill. Safety: never more than maxPerDay refills dated in
 * any 24 h window, each of the set amount.
 */
export function refillViolations(entries: LedgerRow[], rules: RefillRules): string[] {
  const out: string[] = [];
  const refills = entries.filter((e) => e.kind === 'refill');
  for (const r of refills) if (r.credits !== rules.amount) out.push(`refill entry ${r.id} credits ${r.credits}, not the set ${rules.amount}`);
  const inDay = (at: number, before = Infinity) => refills.filter((r) => r.id < before && r.at > at - DAY_MS && r.at <= at).length;
  for (const r of refills)
    if (inDay(r.at) > rules.maxPerDay) out.push(`refill entry ${r.id} is one of ${inDay(r.at)} dated in the 24 h up to ${iso(r.at)} (cap ${rules.maxPerDay})`);
  for (const e of entries) {
    if (e.credits >= 0 || e.at < rules.since || e.after >= rules.threshold || inDay(e.at, e.id) >= rules.maxPerDay) continue;
    if (!refills.some((r) => r.id > e.id))
      out.push(`entry ${e.id} (${e.kind} at ${iso(e.at)}) left the balance at ${e.after}, below ${rules.threshold}, with the cap open, and no refill followed`);
  }
  return out;
}

/** The payment checks on the database and the gateway's file. */
function checkPayments(t: CheckTarget, logs: ClientLog[]): string[] {
  const entries = t.admin.all<LedgerRow>(
    `SELECT id::float8 AS id, kind, credits::float8 AS credits, balance_after::float8 AS after, at::float8 AS at, reference
     FROM ledger_entries WHERE org_id = $1 ORDER BY seq`,
    [t.orgId],
  );
  const sb = new Database(t.sandboxDbFile, { readonly: true, fileMustExist: true });
  let paid: number;
  try {
    paid = sb
      .prepare(
        "SELECT count(*) FROM objects WHERE kind = 'payment_intent' AND status = 'succeeded' AND json_extract(data, '$.metadata.burnrate_kind') = 'purchase'",
      )
      .pluck()
      .get() as number;
  } finally {
    sb.close();
  }
  return [
    ...purchaseViolations(
      logs.flatMap((l) => l.purchases),
      entries,
      paid,
    ),
    ...refillViolations(entries, t.refill),
  ];
}
