import Database from 'better-sqlite3';
import fs from 'node:fs';
import { HOUR_MS } from '../../main/core/clock.js';
import type { Db } from '../../main/core/db/open-database.js';

/** What the invariant checks look at besides the ledger database. */
export interface InvariantContext {
  /** The clock reading of the last settle: hours of running sessions before it must be charged. */
  settledTo: number;
  /**
   * True when the clock was ever stepped back: an action at an earlier reading
   * can then end a session before hours already charged at the later reading.
   */
  clockWentBack?: boolean;
  /** With the clock stepped back: the highest reading ever settled (hours charged up to it are allowed). */
  highWater?: number;
  /** The Stripe sandbox's database file, for invariant 3. */
  sandboxDbFile?: string;
  /** Skip PRAGMA integrity_check (a full read of the file) for checks in the middle of a run. */
  skipIntegrity?: boolean;
  /** Low-balance thresholds in force for the whole run (invariant 4, alerts). */
  lowBalanceThresholds?: readonly number[];
}

interface Entry {
  id: number;
  kind: string;
  credits: number;
  balance_after: number;
  reference: string | null;
  deployment_id: number | null;
  hour_start: number | null;
  at: number;
}

/**
 * Checks the four invariants of issue 6 and returns every violation found
 * (empty when all hold): each message names what broke and where.
 */
export function checkInvariants(db: Db, ctx: InvariantContext): string[] {
  const out: string[] = [];
  const entries = db
    .prepare('SELECT id, kind, credits, balance_after, reference, deployment_id, hour_start, at FROM ledger_entries ORDER BY id')
    .all() as Entry[];
  checkBalance(entries, out);
  if (!ctx.clockWentBack) checkDateOrder(entries, out);
  checkCharges(db, entries, ctx, out);
  checkPayments(db, entries, ctx, out);
  // PRAGMA integrity_check is SQLite's: another store's integrity is its own server's business.
  const integrity = ctx.skipIntegrity || !(db instanceof Database) ? 'ok' : db.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') out.push(`4. integrity_check: ${String(integrity)}`);
  checkAlerts(db, entries, ctx, out);
  return out;
}

/** Throws with every violation listed, prefixed by `label` (e.g. the seed to replay). */
export function assertInvariants(db: Db, ctx: InvariantContext, label = ''): void {
  const v = checkInvariants(db, ctx);
  if (v.length > 0) throw new Error(`${label}invariants violated:\n  ${v.slice(0, 20).join('\n  ')}${v.length > 20 ? `\n  … ${v.length - 20} more` : ''}`);
}

/** 1. Balance = sum of entries = last balance_after, never negative. */
function checkBalance(entries: Entry[], out: string[]): void {
  let sum = 0;
  for (const e of entries) {
    sum += e.credits;
    if (e.balance_after !== sum) {
      out.push(`1. entry ${e.id}: balance_after ${e.balance_after} but the running sum is ${sum}`);
      return;
    }
    if (e.balance_after < 0) out.push(`1. entry ${e.id}: negative balance ${e.balance_after}`);
  }
}

/**
 * 1b. Entries are dated in the order they were written (a clock that never went
 * back): a statement's opening + movements then closes where the balance was.
 */
function checkDateOrder(entries: Entry[], out: string[]): void {
  for (let i = 1; i < entries.length; i++) {
    if (entries[i]!.at < entries[i - 1]!.at) {
      out.push(
        `1. entry ${entries[i]!.id} (${entries[i]!.kind}) is dated ${iso(entries[i]!.at)}, before entry ${entries[i - 1]!.id} (${iso(entries[i - 1]!.at)})`,
      );
      return;
    }
  }
}

/**
 * 2. No (deployment, hour) charged twice; every hour a deployment ran is
 * charged, derived from its state history: each session is charged on the
 * grid anchored at its start (or at the end of the paid hour it resumed
 * inside), for every grid hour that began before it stopped running.
 */
function checkCharges(db: Db, entries: Entry[], ctx: InvariantContext, out: string[]): void {
  const charged = new Map<number, Set<number>>();
  for (const e of entries) {
    if (e.kind !== 'charge') continue;
    const set = charged.get(e.deployment_id!) ?? new Set<number>();
    if (set.has(e.hour_start!)) out.push(`2. deployment ${e.deployment_id} hour ${iso(e.hour_start!)} charged twice`);
    set.add(e.hour_start!);
    charged.set(e.deployment_id!, set);
  }
  const events = db.prepare('SELECT deployment_id AS dep, at, from_state AS fromState, to_state AS toState FROM deployment_events ORDER BY id').all() as {
    dep: number;
    at: number;
    fromState: string;
    toState: string;
  }[];
  const byDep = new Map<number, typeof events>();
  for (const ev of events) byDep.set(ev.dep, [...(byDep.get(ev.dep) ?? []), ev]);
  for (const [dep, evs] of byDep) {
    const expected = new Set<number>();
    const got = charged.get(dep) ?? new Set<number>();
    let paidUntil: number | null = null;
    for (let i = 0; i < evs.length; i++) {
      const ev = evs[i]!;
      if (ev.toState !== 'running' || ev.fromState === 'running') continue;
      const end = evs.slice(i + 1).find((x) => x.fromState === 'running')?.at ?? ctx.settledTo;
      const newSession: boolean = paidUntil === null || ev.at >= paidUntil;
      let h: number = newSession ? ev.at : paidUntil!;
      if (newSession) {
        expected.add(h);
        h += HOUR_MS;
      }
      // With the clock stepped back, hours charged at the later reading continue the grid past the end.
      for (; h < end || (ctx.clockWentBack && got.has(h) && h < (ctx.highWater ?? ctx.settledTo)); h += HOUR_MS) expected.add(h);
      paidUntil = h;
    }
    for (const h of expected) if (!got.has(h)) out.push(`2. deployment ${dep} ran in the hour from ${iso(h)} but it was not charged`);
    for (const h of got) if (!expected.has(h)) out.push(`2. deployment ${dep} was charged for the hour from ${iso(h)} when it was not running`);
  }
  for (const dep of charged.keys()) if (!byDep.has(dep)) out.push(`2. deployment ${dep} has charges but never started`);
}

/**
 * 3. Every succeeded payment in the sandbox has exactly one credit entry, no
 * credit entry is without one, and at most one refill is in flight per backend.
 */
function checkPayments(db: Db, entries: Entry[], ctx: InvariantContext, out: string[]): void {
  const inFlight = db
    .prepare(
      `SELECT COUNT(*) FROM payments WHERE kind = 'refill' AND status = 'pending'
                                GROUP BY ifnull(json_extract(request, '$.backend'), '') ORDER BY 1 DESC LIMIT 1`,
    )
    .pluck()
    .get() as number | undefined;
  if (inFlight !== undefined && inFlight > 1) out.push(`3. ${inFlight} refills in flight on one backend`);
  const credits = entries.filter((e) => e.kind === 'purchase' || e.kind === 'refill');
  const byRef = new Map<string, number>();
  for (const e of credits) byRef.set(e.reference ?? '', (byRef.get(e.reference ?? '') ?? 0) + 1);
  for (const [ref, n] of byRef) if (n > 1) out.push(`3. payment ${ref} credited ${n} times`);
  if (!ctx.sandboxDbFile || !fs.existsSync(ctx.sandboxDbFile)) {
    for (const e of credits) out.push(`3. entry ${e.id} credits payment ${e.reference} but there is no sandbox account`);
    return;
  }
  const sb = new Database(ctx.sandboxDbFile, { readonly: true, fileMustExist: true });
  try {
    const succeeded = new Set(sb.prepare("SELECT id FROM objects WHERE kind = 'payment_intent' AND status = 'succeeded'").pluck().all() as string[]);
    for (const id of succeeded) if (!byRef.has(id)) out.push(`3. succeeded payment ${id} has no credit entry`);
    for (const e of credits) if (!succeeded.has(e.reference ?? '')) out.push(`3. entry ${e.id} credits ${e.reference}, which did not succeed in Stripe`);
  } finally {
    sb.close();
  }
}

/** 4. Each low-balance threshold alerts once per downward crossing, and only then. */
function checkAlerts(db: Db, entries: Entry[], ctx: InvariantContext, out: string[]): void {
  if (!ctx.lowBalanceThresholds) return;
  const alerts = db
    .prepare("SELECT json_extract(data, '$.threshold') AS t, json_extract(data, '$.entryId') AS entryId FROM alerts WHERE kind = 'low_balance'")
    .all() as {
    t: number;
    entryId: number;
  }[];
  const got = new Set(alerts.map((a) => `${a.t}:${a.entryId}`));
  if (got.size !== alerts.length) out.push('4. a low-balance crossing alerted twice');
  for (const t of ctx.lowBalanceThresholds) {
    for (const e of entries) {
      const crossed = e.balance_after - e.credits >= t && e.balance_after < t;
      if (crossed && !got.has(`${t}:${e.id}`)) out.push(`4. entry ${e.id} took the balance below ${t} with no alert`);
      if (!crossed && got.has(`${t}:${e.id}`)) out.push(`4. alert for ${t} at entry ${e.id}, which did not cross it`);
    }
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
