import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { raiseServerAlert } from '../support/server-alert.js';
import type { Alert, PushEvent, Snapshot } from '../../preload/contract.js';
import { callServer } from '../../main/client/server-client.js';
import type { ChangeHandlers, FollowChanges } from '../../main/client/change-feed.js';
import { type ConnectedEngine, openConnectedEngine } from '../../main/compose/connected-engine.js';
import { createOrgOnDatabase, startTeamServer, type TeamServer } from '../../main/compose/team-server.js';
import { MemoryTeamVault, TeamSwitch } from '../../main/compose/team-switch.js';
import type { HostSide } from '../../main/compose/connected-door.js';
import { SyncConnection } from '../../main/stores/postgres/sync-connection.js';
import type { PostgresCluster, TestDatabase } from '../support/postgres-cluster.js';
import { postgresForFile } from '../support/shared-postgres.js';

/**
 * The desktop connected (issue 13): a host's engine for an org on a team
 * server — actions through the server, reads from it or, offline, from the
 * synced replica; alerts raised while no desktop was open announced once on
 * the next connect; offline actions refused at once, nothing queued.
 */
let cluster: PostgresCluster;
let db: TestDatabase;
let admin: SyncConnection;
let server: TeamServer;
let orgId: number;
const tokens = { admin: '', lead: '', viewer: '' };
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'connected-engine-'));
/** A follower that never fires: each test drives the catch-up itself. */
const still: FollowChanges = () => ({ stop: async () => undefined });
const host: HostSide = { transport: 'web', testControls: false, version: 'test', host: {} };
const opened: ConnectedEngine[] = [];

const serverOptions = () => ({
  databaseUrl: db.url,
  host: '127.0.0.1',
  port: 0,
  testClock: true,
  sandboxDir: path.join(root, 'sandbox'),
  env: {},
  tickMs: 3_600_000,
});

beforeAll(async () => {
  cluster = await postgresForFile();
  db = await cluster.createDatabase();
  admin = SyncConnection.open(db.adminUrl);
  server = await startTeamServer({ ...serverOptions(), log: () => undefined });
  const org = await createOrgOnDatabase(db.url, { name: 'Acme', adminEmail: 'ada@acme.test', at: Date.now() });
  orgId = org.orgId;
  tokens.admin = org.token;
  const conn = { url: server.url, token: org.token };
  tokens.lead = (await callServer(conn, 'members/add', { email: 'lee@acme.test', role: 'lead' })).token;
  tokens.viewer = (await callServer(conn, 'members/add', { email: 'vi@acme.test', role: 'viewer' })).token;
  admin.run('INSERT INTO coupons (org_id, code, credits, created_at) VALUES ($1, $2, $3, 0)', [orgId, 'WELCOME', 50_000]);
  await callServer({ url: server.url, token: tokens.lead }, 'coupons/redeem' as never, { code: 'WELCOME' } as never);
}, 300_000);

afterAll(async () => {
  for (const e of opened) await e.close().catch(() => undefined);
  await server?.close();
  admin?.close();
  await cluster?.stop();
  fs.rmSync(root, { recursive: true, force: true });
}, 120_000);

/** Opens and starts an engine as `who` on `dataDir`, recording what it pushes. */
async function connect(who: keyof typeof tokens, dataDir: string, url = server.url) {
  const events: { event: PushEvent; payload: unknown }[] = [];
  let feed: ChangeHandlers | null = null;
  const follow: FollowChanges = (_conn, handlers) => {
    feed = handlers;
    return { stop: async () => undefined };
  };
  const engine = await openConnectedEngine({ conn: { url, token: tokens[who] }, dataDir, follow });
  opened.push(engine);
  engine.subscribe((event, payload) => events.push({ event, payload }));
  await engine.start();
  return {
    engine,
    events,
    raised: () => events.filter((e) => e.event === 'alerts/raised').map((e) => (e.payload as Alert).title),
    /** What the server's event stream tells the engine when it drops or comes back. */
    feed: () => feed!,
  };
}

/** Raises an alert on the server while nobody is connected. */
const raiseAlert = (title: string) => raiseServerAlert(admin, orgId, title);

describe('a connected host', () => {
  it('shows who is signed in, with which role, and which actions that role is not offered', async () => {
    const { engine, events } = await connect('viewer', path.join(root, 'vi'));
    const status = engine.status();
    expect(status).toMatchObject({ mode: 'connected', server: server.url, orgName: 'Acme', email: 'vi@acme.test', role: 'viewer', online: true });
    expect(status.lastSyncedAt).toEqual(expect.any(Number));
    expect(status.denied).toEqual(expect.arrayContaining(['deployments/start', 'payments/purchase', 'coupons/redeem', 'settings/update']));
    expect(status.denied).not.toContain('snapshot/get');
    const snap = events.find((e) => e.event === 'snapshot/changed')?.payload as Snapshot;
    expect(snap.balance).toBe(50_000);
    const refused = await engine.dispatch(host, 'deployments/create', { name: 'x', model: 'llama-3-8b', paramsB: 8, precision: 'fp16', tier: 'S' });
    expect(refused.reply).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('announces an alert raised while every desktop was closed once, on the next connect, and never again', async () => {
    const dir = path.join(root, 'lee-alerts');
    const first = await connect('lead', dir);
    await first.engine.close();
    raiseAlert('Balance below 1,000 credits');
    const second = await connect('lead', dir);
    expect(second.raised()).toEqual(['Balance below 1,000 credits']);
    await second.engine.refresh(true);
    expect(second.raised()).toEqual(['Balance below 1,000 credits']);
    await second.engine.close();
    const third = await connect('lead', dir);
    expect(third.raised()).toEqual([]);
    // Raised while connected: announced at the next catch-up.
    raiseAlert('Runway under a day');
    await third.engine.refresh();
    expect(third.raised()).toEqual(['Runway under a day']);
  });

  it('offline: reads come from the replica, actions are refused at once with a clear line, and nothing changes on the server', async () => {
    const spare = await startTeamServer({ ...serverOptions(), log: () => undefined });
    const { engine, feed } = await connect('lead', path.join(root, 'lee-offline'), spare.url);
    const created = await engine.dispatch(host, 'deployments/create', { name: 'llama-8b', model: 'llama-3-8b', paramsB: 8, precision: 'fp16', tier: 'S' });
    const id = (created.reply as { result: { id: number } }).result.id;
    await engine.refresh();
    await spare.close();
    // The server's event stream dropped with it.
    feed().online(false);
    const start = await engine.dispatch(host, 'deployments/start', { id });
    expect(start.reply).toEqual({
      error: { code: 'offline', message: expect.stringMatching(/^Offline: can't reach the team server at .* nothing was changed/) },
    });
    expect(engine.status().online).toBe(false);
    const buy = await engine.dispatch(host, 'payments/purchase', { credits: 1000 });
    expect(buy.reply).toMatchObject({ error: { code: 'offline' } });
    const list = await engine.dispatch(host, 'deployments/list', {});
    expect((list.reply as { result: { id: number; state: string }[] }).result).toContainEqual(expect.objectContaining({ id, state: 'created' }));
    expect(await engine.dispatch(host, 'ledger/balance', {})).toEqual({ reply: { result: { balance: 50_000 } }, mutated: false });
    const onServer = await callServer({ url: server.url, token: tokens.lead }, 'deployments/get' as never, { id } as never);
    expect(onServer).toMatchObject({ id, state: 'created' });
  });

  it('a team switch refuses a bad token or an unreachable server and changes nothing; the token is never in a reply or a log', async () => {
    const lines: string[] = [];
    const spies = (['log', 'error', 'warn', 'info'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void lines.push(a.map(String).join(' '))),
    );
    const vault = new MemoryTeamVault();
    const team = new TeamSwitch({ dataDir: path.join(root, 'switch'), vault, follow: still });
    const pushed: string[] = [];
    team.subscribe((event, payload) => pushed.push(JSON.stringify({ event, payload })));
    try {
      const bad = `brt_${'x'.repeat(43)}`;
      await expect(team.connect({ url: server.url, token: bad })).rejects.toMatchObject({ code: 'unauthorized' });
      await expect(team.connect({ url: 'http://127.0.0.1:9', token: tokens.admin })).rejects.toMatchObject({ code: 'server_unreachable' });
      expect([team.status(), vault.read()]).toEqual([{ mode: 'local' }, null]);
      const status = await team.connect({ url: server.url, token: tokens.admin });
      expect(status).toMatchObject({ mode: 'connected', role: 'admin', email: 'ada@acme.test' });
      expect(vault.read()).toEqual({ url: server.url, token: tokens.admin });
      const replies = [JSON.stringify(status), JSON.stringify(team.status())];
      for (const channel of ['app/info', 'snapshot/get', 'settings/get', 'payments/getMode'] as const)
        replies.push(JSON.stringify((await team.connected()!.dispatch(host, channel, {})).reply));
      expect(await team.disconnect()).toEqual({ mode: 'local' });
      expect(vault.read()).toBeNull();
      for (const text of [...replies, ...pushed, ...lines]) {
        expect(text).not.toContain(tokens.admin);
        expect(text).not.toContain(bad);
      }
    } finally {
      spies.forEach((s) => s.mockRestore());
      await team.close();
    }
  });
});
