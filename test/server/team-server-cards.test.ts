import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOW_HEADER } from '../../main/server/protocol.js';
import { listDeliveries } from '../../main/stripe-sandbox/index.js';
import { Store } from '../../main/stripe-sandbox/store.js';
import { SyncConnection } from '../../main/stores/postgres/sync-connection.js';
import { runCli } from '../support/run-cli.js';
import { runCliHere } from '../support/run-cli-here.js';
import { type PostgresCluster, type TestDatabase } from '../support/postgres-cluster.js';
import { postgresForFile } from '../support/shared-postgres.js';
import { freePort, type SandboxProcess, startSandboxProcess } from '../support/sandbox-process.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

/**
 * Cards are added in the browser, through the team server (issue 13): a
 * standalone `burnrate sandbox serve` is the server's Stripe
 * (BURNRATE_STRIPE_API) and delivers signed events to the server's
 * `POST /v1/stripe/webhook` (one whsec_ secret shared by both). A lead's
 * `cards setup` (the CLI in client mode) gets a Checkout page in setup mode
 * made by the server; the customer completes it (`sandbox pay`, the page's
 * own form); the server learns the card from the delivery — or, with webhooks
 * off, by polling — and every member of the org, and no one else, sees it.
 * Then purchases off that card and through Checkout are credited once each
 * however the deliveries come, and an admin's auto-refill charges it off-session.
 */
const SECRET = 'whsec_cards_server_test_0123456789';
const START = '2026-04-06T08:10:00Z';
const LATER = '2026-04-06T11:20:00Z';
let cluster: PostgresCluster;
let db: TestDatabase;
let admin: SyncConnection;
let sandbox: SandboxProcess;
let server: ServerProcess;
let port = 0;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'team-cards-'));
let acme: { orgId: number; token: string };
let beta: { orgId: number; token: string };
const env: Record<'ada' | 'lee' | 'vi' | 'bo', NodeJS.ProcessEnv> = { ada: {}, lee: {}, vi: {}, bo: {} };

function serverEnv(webhooks: boolean, tickMs: number): NodeJS.ProcessEnv {
  return {
    BURNRATE_DATABASE_URL: db.url,
    BURNRATE_STRIPE_API: sandbox.url,
    STRIPE_SECRET_KEY: '',
    STRIPE_WEBHOOK_SECRET: webhooks ? SECRET : '',
    BURNRATE_SERVER_TICK_MS: String(tickMs),
  };
}

/** The JSON of a client-mode CLI run that must succeed. */
async function ok<T>(who: keyof typeof env, args: string[]): Promise<T> {
  const r = await runCliHere(['--json', ...args], env[who]);
  if (r.code !== 0) throw new Error(`${who}: burnrate ${args.join(' ')}: exit ${r.code}: ${r.stderr}\n${server.output().stderr.slice(-3000)}`);
  return r.json as T;
}

/**
 * A lead's call straight to the server's API, for the purchases whose CLI
 * commands do not speak to a team server yet (`credits buy`, `credits checkout`).
 */
async function api<T>(token: string, name: string, body: unknown, now: string): Promise<T> {
  const res = await fetch(`${server.url}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, [NOW_HEADER]: now },
    body: JSON.stringify(body),
  });
  const reply = (await res.json()) as { result?: T; error?: unknown };
  if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(reply)}`);
  return reply.result as T;
}

/** Waits (polling; the test's timeout catches a hang) until `check` holds. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 150));
}

/** The org's ledger entries of one kind, read past row-level security. */
function entries(orgId: number, kind: string): { credits: number; reference: string | null }[] {
  return admin
    .all<{ credits: string; reference: string | null }>(
      'SELECT credits::text AS credits, reference FROM ledger_entries WHERE org_id = $1 AND kind = $2 ORDER BY seq',
      [orgId, kind],
    )
    .map((r) => ({ credits: Number(r.credits), reference: r.reference }));
}

function ledgerSum(orgId: number): number {
  return Number(admin.get<{ s: string }>('SELECT coalesce(sum(credits), 0)::text AS s FROM ledger_entries WHERE org_id = $1', [orgId])!.s);
}

function deliveries(): ReturnType<typeof listDeliveries> {
  const store = new Store(sandbox.db);
  try {
    return listDeliveries(store);
  } finally {
    store.close();
  }
}

/** Posts one event to the server's endpoint as Stripe would, signed with the shared secret. */
async function deliver(event: Stripe.Event): Promise<number> {
  const body = JSON.stringify(event);
  const res = await fetch(`${server.url}/v1/stripe/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET }) },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

/** Every event the sandbox made about `ids`, delivered again: twice each, newest first (duplicated and out of order). */
async function redeliverReversed(ids: string[]): Promise<void> {
  const all = (await sandbox.stripe().events.list({ limit: 100 })).data;
  const about = all.filter((e) => JSON.stringify(e.data.object).match(new RegExp(ids.join('|'))));
  expect(about.length).toBeGreaterThan(0);
  for (const e of [...about, ...about]) expect(await deliver(e)).toBe(200);
}

/** The server applied every delivery it was given (nothing left in its inbox). */
async function inboxDrained(): Promise<void> {
  await until(() => Number(admin.get<{ n: string }>('SELECT count(*)::text AS n FROM stripe_webhook_inbox WHERE applied_at IS NULL')!.n) === 0);
}

function orgCreate(name: string, email: string): { orgId: number; token: string } {
  const r = runCli(['server', 'org', 'create', '--name', name, '--admin-email', email, '--json'], { BURNRATE_DATABASE_URL: db.url });
  if (r.code !== 0) throw new Error(`org create failed: ${r.stderr}`);
  return r.json as { orgId: number; token: string };
}

function member(orgToken: string, who: string): NodeJS.ProcessEnv {
  return { BURNRATE_SERVER: server.url, BURNRATE_TOKEN: orgToken, BURNRATE_DATA_DIR: path.join(root, who) };
}

beforeAll(async () => {
  cluster = await postgresForFile();
  db = await cluster.createDatabase();
  admin = SyncConnection.open(db.adminUrl);
  // The server's URL must be known to the sandbox before the server starts (it needs the sandbox's): a port chosen first.
  port = await freePort();
  sandbox = await startSandboxProcess(path.join(root, 'sb.db'), { url: `http://127.0.0.1:${port}/v1/stripe/webhook`, secret: SECRET });
  // Webhooks on, and a scheduler that never ticks again within the test: only a delivery can tell the server of a card.
  server = await startServerProcess(['--test-clock', '--port', String(port)], serverEnv(true, 3_600_000));
  acme = orgCreate('Acme', 'ada@acme.test');
  beta = orgCreate('Beta', 'bo@beta.test');
  env.ada = member(acme.token, 'ada');
  env.bo = member(beta.token, 'bo');
  env.lee = member((await ok<{ token: string }>('ada', ['members', 'add', 'lee@acme.test', '--role', 'lead'])).token, 'lee');
  env.vi = member((await ok<{ token: string }>('ada', ['members', 'add', 'vi@acme.test', '--role', 'viewer'])).token, 'vi');
}, 240_000);

afterAll(async () => {
  if (server && server.child.exitCode === null) await server.stop();
  await sandbox?.stop();
  admin?.close();
  await cluster?.stop();
  fs.rmSync(root, { recursive: true, force: true });
}, 120_000);

describe('cards are added in the browser, through the team server', () => {
  let card = '';

  it("a refusal from the server reaches the CLI in the CLI's words (the server sends the core's, not the app's)", async () => {
    const r = await runCliHere(['--json', 'refill', 'set', '--threshold', '2900', '--amount', '2000'], env.ada);
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({ error: { code: 'no_card', message: 'auto-refill needs a saved card: add one with `cards add pm_card_visa`' } });
  });

  it("a lead's `cards setup` is a Checkout page in setup mode made by the server on its Stripe, for the org's customer", async () => {
    const setup = await ok<{ url: string; sessionId: string }>('lee', ['cards', 'setup']);
    expect(setup.sessionId).toMatch(/^cs_test_/);
    expect(new URL(setup.url).origin).toBe(new URL(sandbox.url).origin);
    const session = await sandbox.stripe().checkout.sessions.retrieve(setup.sessionId);
    expect([session.mode, session.status]).toEqual(['setup', 'open']);
    // The customer is the org's, made by the server: no client holds a Stripe key or id.
    const customers = (await sandbox.stripe().customers.list({ limit: 10 })).data;
    expect(customers.map((c) => c.id)).toEqual([session.customer]);
    // A viewer is not offered it: refused, naming the role, nothing opened.
    const refused = await runCliHere(['--json', 'cards', 'setup'], env.vi);
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringMatching(/viewer/)]);
    expect((await sandbox.stripe().checkout.sessions.list({ limit: 10 })).data).toHaveLength(1);

    // The customer completes the page (a second process on the sandbox's file, as the pay page would).
    const paid = runCli(['--json', 'sandbox', 'pay', setup.sessionId, '--db', sandbox.db, '--card', 'pm_card_visa']);
    expect(paid.code).toBe(0);
    // The server learns it from the delivery: its scheduler does not tick again in this test.
    await until(async () => (await ok<unknown[]>('vi', ['cards', 'list'])).length === 1);
    const listed = await ok<{ id: string; brand: string; last4: string; default: boolean }[]>('lee', ['cards', 'list']);
    expect(listed).toEqual([expect.objectContaining({ brand: 'visa', last4: '4242', default: true })]);
    card = listed[0]!.id;
  });

  it('every member of the org sees the card; another org sees none of it', async () => {
    const views = await Promise.all((['ada', 'lee', 'vi'] as const).map((w) => ok<unknown[]>(w, ['cards', 'list'])));
    expect(views[0]).toEqual(views[1]);
    expect(views[0]).toEqual(views[2]);
    expect(views[0]).toHaveLength(1);
    expect(await ok<unknown[]>('bo', ['cards', 'list'])).toEqual([]);
    // Beta's admin cannot charge Acme's card either: it is not one of Beta's.
    await expect(api(String(env.bo.BURNRATE_TOKEN), 'payments/purchase', { credits: 1000, cardId: card }, START)).rejects.toThrow(/unknown_card/);
    expect(entries(beta.orgId, 'purchase')).toEqual([]);
  });

  it('a purchase off the saved card is credited once, through duplicated and out-of-order deliveries', async () => {
    const bought = await api<{ status: string; credits: number; purchaseId: string; balance: number }>(
      String(env.lee.BURNRATE_TOKEN),
      'payments/purchase',
      { credits: 2000, cardId: card },
      START,
    );
    expect(bought).toMatchObject({ status: 'succeeded', credits: 2000, balance: 2000 });
    const intent = await sandbox.stripe().paymentIntents.retrieve(bought.purchaseId);
    expect([intent.status, intent.payment_method, intent.customer]).toEqual(['succeeded', card, expect.stringMatching(/^cus_/)]);
    await until(() => deliveries().every((d) => d.state === 'delivered'));
    await redeliverReversed([bought.purchaseId]);
    await inboxDrained();
    expect(entries(acme.orgId, 'purchase')).toEqual([{ credits: 2000, reference: bought.purchaseId }]);
  });

  it('a purchase through Checkout (payment mode) is credited once from its deliveries, whatever their order and count', async () => {
    const checkout = await api<{ url: string; sessionId: string; credits: number }>(
      String(env.lee.BURNRATE_TOKEN),
      'payments/checkout',
      { credits: 1000 },
      START,
    );
    expect(new URL(checkout.url).origin).toBe(new URL(sandbox.url).origin);
    expect(runCli(['--json', 'sandbox', 'pay', checkout.sessionId, '--db', sandbox.db, '--card', 'pm_card_mastercard']).code).toBe(0);
    const session = await sandbox.stripe().checkout.sessions.retrieve(checkout.sessionId);
    const pi = String(session.payment_intent);
    await until(() => entries(acme.orgId, 'purchase').some((e) => e.reference === pi));
    await until(() => deliveries().every((d) => d.state === 'delivered'));
    await redeliverReversed([checkout.sessionId, pi]);
    await inboxDrained();
    expect(entries(acme.orgId, 'purchase').filter((e) => e.reference === pi)).toEqual([{ credits: 1000, reference: pi }]);
    expect(entries(acme.orgId, 'purchase')).toHaveLength(2);
  });

  it("an admin's auto-refill charges the saved card on the server, off-session, once; the viewer sees the same ledger and balance", async () => {
    const refused = await runCliHere(['--json', 'refill', 'set', '--threshold', '2900', '--amount', '2000'], env.lee);
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringMatching(/lead/)]);
    const refill = await ok<{ enabled: boolean; cardId: string | null }>('ada', ['--now', START, 'refill', 'set', '--threshold', '2900', '--amount', '2000']);
    expect(refill.enabled).toBe(true);
    const d = await ok<{ id: number }>('lee', [
      '--now',
      START,
      'deploy',
      'create',
      '--name',
      'chat',
      '--model',
      'llama-3-8b',
      '--params',
      '8',
      '--precision',
      'fp16',
      '--tier',
      'S',
    ]);
    await ok('lee', ['--now', START, 'deploy', 'start', String(d.id)]);
    // The hours that fell due by LATER take the balance below 2,900: the server refills off the saved card, nobody paying.
    const status = await ok<{ balance: number }>('vi', ['--now', LATER, 'status']);
    await until(() => entries(acme.orgId, 'refill').length > 0);
    const refills = entries(acme.orgId, 'refill');
    expect(refills).toEqual([{ credits: 2000, reference: expect.stringMatching(/^pi_/) }]);
    const intent = await sandbox.stripe().paymentIntents.retrieve(refills[0]!.reference!);
    expect([intent.status, intent.payment_method, intent.metadata.burnrate_kind]).toEqual(['succeeded', card, 'refill']);
    await until(() => deliveries().every((d) => d.state === 'delivered'));
    await redeliverReversed([intent.id]);
    await inboxDrained();
    expect(entries(acme.orgId, 'refill')).toHaveLength(1);
    // One ledger for everyone: the viewer's and the lead's views agree with the database.
    const [viLedger, leeLedger] = await Promise.all([ok<unknown[]>('vi', ['--now', LATER, 'ledger']), ok<unknown[]>('lee', ['--now', LATER, 'ledger'])]);
    expect(viLedger).toEqual(leeLedger);
    const after = await ok<{ balance: number }>('vi', ['--now', LATER, 'status']);
    expect(after.balance).toBe(ledgerSum(acme.orgId));
    expect(after.balance).toBe(status.balance);
  });

  it('with webhooks off, a card added in the browser is learned by the polling backstop', async () => {
    await server.stop();
    // The same address, no signing secret (the endpoint refuses deliveries) and a scheduler that ticks: polling alone.
    server = await startServerProcess(['--test-clock', '--port', String(port)], serverEnv(false, 200));
    const setup = await ok<{ sessionId: string }>('lee', ['cards', 'setup']);
    expect(runCli(['--json', 'sandbox', 'pay', setup.sessionId, '--db', sandbox.db, '--card', 'pm_card_mastercard']).code).toBe(0);
    await until(async () => (await ok<unknown[]>('vi', ['cards', 'list'])).length === 2);
    const listed = await ok<{ brand: string; last4: string; default: boolean }[]>('ada', ['cards', 'list']);
    expect(listed.map((c) => [c.brand, c.last4, c.default])).toEqual(
      expect.arrayContaining([
        ['visa', '4242', true],
        ['mastercard', '4444', false],
      ]),
    );
    expect(await ok<unknown[]>('bo', ['cards', 'list'])).toEqual([]);
  });
});
