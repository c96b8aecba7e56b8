import { HOUR_MS } from '../../../main/core/clock.js';
import { openPgStore } from '../../../main/stores/postgres/open-pg-store.js';
import { SyncConnection } from '../../../main/stores/postgres/sync-connection.js';
import { checkInvariants } from '../invariants.js';
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
    out.push(...checkInvariants(store, { settledTo }));
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

  for (const l of logs) for (const r of l.refused) out.push(`unexpected refusal of ${r.op} at ${iso(r.at)}: ${r.code}`);
  return out;
}
