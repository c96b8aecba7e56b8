import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../main/core/clock.js';
import { NOW_HEADER } from '../../main/server/protocol.js';
import { type SandboxHandle, startSandbox } from '../../main/stripe-sandbox/index.js';
import { sandboxStripeClient } from '../../main/stripe-sandbox/client.js';
import { SyncConnection } from '../../main/stores/postgres/sync-connection.js';
import { allIntents } from '../core/payments/payments-fixture.js';
import { runCli } from '../support/run-cli.js';
import { type PostgresCluster, type TestDatabase } from '../support/postgres-cluster.js';
import { postgresForFile } from '../support/shared-postgres.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

/**
 * Payments on the team server: purchases, auto-refill and the payments sync
 * run per org on PostgreSQL through the server's own gateway. Two processes
 * share one Stripe-compatible backend (a sandbox this test runs, as
 * `BURNRATE_STRIPE_API`); a third runs alone on its built-in sandbox (the default).
 */
let cluster: PostgresCluster;
let db: TestDatabase;
let admin: SyncConnection;
let sandbox: SandboxHandle;
let a: ServerProcess;
let b: ServerProcess;
let acme: { orgId: number; token: string };
let lead = '';
let viewer = '';

interface Answer {
  status: number;
  body: { result?: unknown; error?: { code: string; message: string } };
}

async function post(server: ServerProcess, token: string, name: string, body: unknown = {}, now?: number): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  if (now !== undefined) headers[NOW_HEADER] = new Date(now).toISOString();
  const res = await fetch(`${server.url}/api/${name}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

async function ok<T>(server: ServerProcess, token: string, name: string, body: unknown = {}, now?: number): Promise<T> {
  const r = await post(server, token, name, body, now);
  if (r.status !== 200) throw new Error(`${name}: ${r.status} ${JSON.stringify(r.body)}\n${server.output().stderr.slice(-3000)}`);
  return r.body.result as T;
}

/** The org's ledger entries of one kind, straight from the database (the superuser reads past row-level security). */
function entriesOf(orgId: number, kind: string): { credits: number; reference: string | null; at: number }[] {
  return admin
    .all<{ credits: string; reference: string | null; at: string }>(
      'SELECT credits::text AS credits, reference, at::text AS at FROM ledger_entries WHERE org_id = $1 AND kind = $2 ORDER BY seq',
      [orgId, kind],
    )
    .map((r) => ({ credits: Number(r.credits), reference: r.reference, at: Number(r.at) }));
}

function ledgerSum(orgId: number): number {
  return Number(admin.get<{ s: string }>('SELECT coalesce(sum(credits), 0)::text AS s FROM ledger_entries WHERE org_id = $1', [orgId])!.s);
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 100));
}

function orgCreate(name: string, email: string): { orgId: number; token: string } {
  const r = runCli(['server', 'org', 'create', '--name', name, '--admin-email', email, '--json'], { BURNRATE_DATABASE_URL: db.url });
  if (r.code !== 0) throw new Error(`org create failed: ${r.stderr}`);
  return r.json as { orgId: number; token: string };
}

async function addMember(server: ServerProcess, adminToken: string, email: string, role: 'lead' | 'viewer'): Promise<string> {
  return (await ok<{ token: string }>(server, adminToken, 'members/add', { email, role })).token;
}

const spec = { name: 'llama-8b', model: 'llama-3-8b', paramsB: 8, precision: 'fp16', tier: 'S' };

beforeAll(async () => {
  cluster = await postgresForFile();
  db = await cluster.createDatabase();
  admin = SyncConnection.open(db.adminUrl);
  sandbox = await startSandbox({ dbFile: ':memory:', port: 0 });
  const env = { BURNRATE_DATABASE_URL: db.url, BURNRATE_SERVER_TICK_MS: '200', BURNRATE_STRIPE_API: sandbox.url };
  [a, b] = await Promise.all([startServerProcess(['--test-clock'], env), startServerProcess(['--test-clock'], env)]);
  acme = orgCreate('Acme', 'ada@acme.test');
  lead = await addMember(a, acme.token, 'lee@acme.test', 'lead');
  viewer = await addMember(b, acme.token, 'vi@acme.test', 'viewer');
}, 240_000);

afterAll(async () => {
  for (const s of [a, b]) if (s && s.child.exitCode === null) await s.stop();
  await sandbox?.close();
  admin?.close();
  await cluster?.stop();
}, 120_000);

describe("payments on the team server go through the server's gateway, per org, on PostgreSQL", () => {
  // The client's clock, three hours and a bit ago: the servers' schedulers (real time) then find hours due.
  const start = Date.now() - 3 * HOUR_MS - 10 * 60_000;
  let paymentIntent = '';

  it('a lead saves pm_card_visa and buys 2,000 credits through the API: one PaymentIntent, credited once in the ledger', async () => {
    const card = await ok<{ id: string; brand: string; last4: string }>(a, lead, 'payments/addCard', { paymentMethodId: 'pm_card_visa' }, start);
    expect(card).toMatchObject({ brand: 'visa', last4: '4242' });
    const bought = await ok<{ status: string; credits: number; purchaseId: string; balance: number }>(
      a,
      lead,
      'payments/purchase',
      { credits: 2000, cardId: card.id },
      start,
    );
    expect(bought).toMatchObject({ status: 'succeeded', credits: 2000, balance: 2000 });
    paymentIntent = bought.purchaseId;
    // The other process syncs the same backend: it finds the purchase already credited.
    const synced = await ok<{ applied: number; balance: number }>(b, lead, 'payments/sync', {}, start);
    expect(synced).toMatchObject({ applied: 0, balance: 2000 });
    expect(entriesOf(acme.orgId, 'purchase')).toMatchObject([{ credits: 2000, reference: paymentIntent }]);
    const viewed = await ok<{ kind: string; credits: number }[]>(b, viewer, 'ledger/list', { kinds: ['purchase'] });
    expect(viewed.map((e) => [e.kind, e.credits])).toEqual([['purchase', 2000]]);
    const intents = await allIntents(sandboxStripeClient(sandbox));
    expect(intents.map((pi) => [pi.id, pi.status, pi.amount])).toEqual([[paymentIntent, 'succeeded', 2000]]);
  });

  it('a viewer may not buy (403) and nothing is paid', async () => {
    const r = await post(b, viewer, 'payments/purchase', { credits: 2000, cardId: 'pm_card_visa' }, start);
    expect([r.status, r.body.error?.code]).toEqual([403, 'forbidden']);
    expect(await allIntents(sandboxStripeClient(sandbox))).toHaveLength(1);
  });

  it('auto-refill fires on the server when a charge made by its scheduler leaves the balance below the threshold, with nobody connected', async () => {
    // 2,000 credits, tier S (60/h): the hours at start, +1 h, +2 h leave 1,820; the one at +3 h leaves 1,760 < 1,800.
    const refill = await ok<{ enabled: boolean }>(a, acme.token, 'payments/setAutoRefill', { enabled: true, threshold: 1800, amount: 2000 }, start);
    expect(refill.enabled).toBe(true);
    const created = await ok<{ id: number }>(a, lead, 'deployments/create', spec, start);
    await ok(b, lead, 'deployments/start', { id: created.id }, start);
    // No request from here on (and none was on a clock past the first hour): only a scheduler, on the machine's
    // clock, can charge the hour that crosses the threshold, and refill.
    await until(() => entriesOf(acme.orgId, 'refill').length > 0);
    const refills = entriesOf(acme.orgId, 'refill');
    expect(refills).toHaveLength(1);
    expect(refills[0]!.credits).toBe(2000);
    expect(refills[0]!.at).toBeGreaterThanOrEqual(start + 3 * HOUR_MS);
    const intents = (await allIntents(sandboxStripeClient(sandbox))).filter((pi) => pi.metadata.burnrate_kind === 'refill');
    expect(intents.map((pi) => [pi.id, pi.status, pi.amount])).toEqual([[refills[0]!.reference, 'succeeded', 2000]]);
    expect(entriesOf(acme.orgId, 'charge').length).toBeGreaterThanOrEqual(4);
    const status = await ok<{ balance: number }>(b, viewer, 'billing/status');
    expect(status.balance).toBe(ledgerSum(acme.orgId));
  });

  it("a Checkout paid in the browser is credited by the server's payments sync, once, with nobody asking", async () => {
    const checkout = await ok<{ sessionId: string; credits: number }>(b, lead, 'payments/checkout', { credits: 1000 });
    expect(checkout.credits).toBe(1000);
    const session = await sandbox.completeCheckout(checkout.sessionId, 'pm_card_mastercard');
    const pi = typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent!.id;
    await until(() => entriesOf(acme.orgId, 'purchase').some((e) => e.reference === pi));
    // Several ticks later, still once.
    await new Promise((r) => setTimeout(r, 1000));
    expect(entriesOf(acme.orgId, 'purchase').filter((e) => e.reference === pi)).toMatchObject([{ credits: 1000, reference: pi }]);
    for (const s of [a, b]) expect(s.output().stderr).toBe('');
  });
});

describe('a server alone on its built-in sandbox (the default)', () => {
  it('a lead buys credits with pm_card_visa through the API: credited once', async () => {
    const solo = await startServerProcess([], { BURNRATE_DATABASE_URL: db.url, BURNRATE_STRIPE_API: '', STRIPE_SECRET_KEY: '' });
    try {
      const org = orgCreate('Solo', 'so@solo.test');
      const soloLead = await addMember(solo, org.token, 'le@solo.test', 'lead');
      const card = await ok<{ id: string }>(solo, soloLead, 'payments/addCard', { paymentMethodId: 'pm_card_visa' });
      const bought = await ok<{ status: string; purchaseId: string; balance: number }>(solo, soloLead, 'payments/purchase', { usd: '12.34', cardId: card.id });
      expect(bought).toMatchObject({ status: 'succeeded', balance: 1234 });
      expect(entriesOf(org.orgId, 'purchase')).toMatchObject([{ credits: 1234, reference: bought.purchaseId }]);
      expect(solo.output().stderr).toBe('');
    } finally {
      expect(await solo.stop()).toBe(0);
    }
  });
});
