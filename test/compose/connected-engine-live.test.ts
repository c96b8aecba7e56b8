import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, PushEvent, Snapshot, TeamStatus } from '../../preload/contract.js';
import { followChanges, type FollowChanges } from '../../main/client/change-feed.js';
import { callServer } from '../../main/client/server-client.js';
import { type ConnectedEngine, openConnectedEngine } from '../../main/compose/connected-engine.js';
import { createOrgOnDatabase, startTeamServer, type TeamServer } from '../../main/compose/team-server.js';
import { SyncConnection } from '../../main/stores/postgres/sync-connection.js';
import type { PostgresCluster, TestDatabase } from '../support/postgres-cluster.js';
import { postgresForFile } from '../support/shared-postgres.js';
import { until } from '../support/until.js';

/**
 * The connected engine follows the team server live (issue 13): the server's
 * event stream, not polling, brings another member's changes and the
 * server's alerts to this desktop's snapshot at once; losing the server is
 * offline, and its return catches up what changed meanwhile (made through a
 * second server process on the same database).
 */
let cluster: PostgresCluster;
let db: TestDatabase;
let admin: SyncConnection;
let a: TeamServer;
let b: TeamServer;
let orgId: number;
let adminToken = '';
let leadToken = '';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'connected-live-'));
const opened: ConnectedEngine[] = [];
/** The real feed (the event stream), with delays short enough for a test; the backstop out of the way (an hour). */
const live: FollowChanges = (conn, handlers) => followChanges(conn, handlers, { minDelayMs: 50, maxDelayMs: 200, backstopMs: 3_600_000 });

const serverOptions = (port = 0, keepAliveMs?: number) => ({
  keepAliveMs,
  databaseUrl: db.url,
  host: '127.0.0.1',
  port,
  testClock: true,
  sandboxDir: path.join(root, 'sandbox'),
  env: {},
  tickMs: 3_600_000,
  log: () => undefined,
});

beforeAll(async () => {
  cluster = await postgresForFile();
  db = await cluster.createDatabase();
  admin = SyncConnection.open(db.adminUrl);
  a = await startTeamServer(serverOptions());
  b = await startTeamServer(serverOptions());
  const org = await createOrgOnDatabase(db.url, { name: 'Acme', adminEmail: 'ada@acme.test', at: Date.now() });
  orgId = org.orgId;
  adminToken = org.token;
  leadToken = (await callServer({ url: b.url, token: adminToken }, 'members/add', { email: 'lee@acme.test', role: 'lead' })).token;
  admin.run('INSERT INTO coupons (org_id, code, credits, created_at) VALUES ($1, $2, $3, 0), ($1, $4, $5, 0)', [orgId, 'WELCOME', 50_000, 'AGAIN', 7_000]);
}, 300_000);

afterAll(async () => {
  for (const e of opened) await e.close().catch(() => undefined);
  await a?.close();
  await b?.close();
  admin?.close();
  await cluster?.stop();
  fs.rmSync(root, { recursive: true, force: true });
}, 120_000);

/** Opens and starts the lead's engine on `url` with the real feed, recording what it pushes and each status it reports. */
async function connect(url: string, dataDir: string) {
  const events: { event: PushEvent; payload: unknown }[] = [];
  const statuses: TeamStatus[] = [];
  const engine: ConnectedEngine = await openConnectedEngine({
    conn: { url, token: leadToken },
    dataDir,
    follow: live,
    onStatus: () => statuses.push(engine.status()),
  });
  opened.push(engine);
  engine.subscribe((event, payload) => events.push({ event, payload }));
  await engine.start();
  const snaps = () => events.filter((e) => e.event === 'snapshot/changed').map((e) => e.payload as Snapshot);
  return {
    engine,
    statuses,
    balance: () => snaps().at(-1)?.balance,
    raised: () => events.filter((e) => e.event === 'alerts/raised').map((e) => (e.payload as Alert).title),
  };
}

describe('a connected host following the event stream', () => {
  it("a member removed while connected: the stream's refusal is the status's, offline until a new token", async () => {
    const strict = await startTeamServer(serverOptions(0, 100));
    try {
      const gone = (await callServer({ url: strict.url, token: adminToken }, 'members/add', { email: 'gone@acme.test', role: 'viewer' })).token;
      const engine = await openConnectedEngine({ conn: { url: strict.url, token: gone }, dataDir: path.join(root, 'gone'), follow: live });
      opened.push(engine);
      await engine.start();
      await until(() => engine.status().online === true);
      expect(engine.status().refused).toBeUndefined();
      await callServer({ url: strict.url, token: adminToken }, 'members/remove', { email: 'gone@acme.test' });
      await until(() => engine.status().refused !== undefined);
      expect(engine.status()).toMatchObject({ online: false, refused: expect.stringMatching(/token/i) });
      await engine.close();
    } finally {
      await strict.close();
    }
  });

  it("another member's change and a server alert reach the snapshot and the alerts live, without a refresh", async () => {
    const { engine, balance, raised } = await connect(a.url, path.join(root, 'live'));
    expect(balance()).toBe(0);
    // The admin redeems through the other server process: the stream of A carries its seq.
    await callServer({ url: b.url, token: adminToken }, 'coupons/redeem' as never, { code: 'WELCOME' } as never);
    await until(() => balance() === 50_000);
    const at = Date.now();
    admin.run(
      `INSERT INTO alerts (org_id, kind, severity, title, message, dedupe_key, at, raised_at) VALUES ($1, 'low_balance', 'warning', 'Runway under a day', 'Add credits soon.', 'live:1', $2, $2)`,
      [orgId, at],
    );
    await until(() => raised().length === 1);
    expect(raised()).toEqual(['Runway under a day']);
    expect(engine.status()).toMatchObject({ online: true, role: 'lead' });
    await engine.close();
  });

  it('the server going away is offline at once; its return catches up what changed while it was gone', async () => {
    const spare = await startTeamServer(serverOptions());
    const port = Number(new URL(spare.url).port);
    const { engine, statuses, balance } = await connect(spare.url, path.join(root, 'away'));
    const before = balance()!;
    await spare.close();
    await until(() => !engine.status().online);
    expect(statuses.at(-1)).toMatchObject({ online: false });
    // A change while this desktop's server is gone, through the other process.
    await callServer({ url: b.url, token: adminToken }, 'coupons/redeem' as never, { code: 'AGAIN' } as never);
    const back = await startTeamServer(serverOptions(port));
    try {
      await until(() => engine.status().online === true && balance() === before + 7_000);
      expect(statuses.at(-1)).toMatchObject({ online: true });
    } finally {
      await engine.close();
      await back.close();
    }
  });
});
