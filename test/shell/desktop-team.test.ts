import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raiseServerAlert } from '../support/server-alert.js';
import type { Alert, Channel, Deployment, PushEvent, Snapshot } from '../../preload/contract.js';
import type { FollowChanges } from '../../main/client/change-feed.js';
import { callServer } from '../../main/client/server-client.js';
import type { HostSide } from '../../main/compose/connected-door.js';
import { createOrgOnDatabase, startTeamServer, type TeamServer } from '../../main/compose/team-server.js';
import { TeamSwitch } from '../../main/compose/team-switch.js';
import { DesktopTeam, type LocalSide } from '../../main/shell/desktop-team.js';
import { SafeStorageTeamVault } from '../../main/shell/team-vault.js';
import { trayMenuModel } from '../../main/shell/tray-model.js';
import { SyncConnection } from '../../main/stores/postgres/sync-connection.js';
import { fakeCipher } from '../support/fake-cipher.js';
import type { PostgresCluster, TestDatabase } from '../support/postgres-cluster.js';
import { postgresForFile } from '../support/shared-postgres.js';

/**
 * The Electron shell connected to a team server (issue 13), without the
 * Electron binary: the shell's DesktopTeam over a real TeamSwitch with the
 * safeStorage vault (a fake cipher), a real team server on PostgreSQL, and
 * recorders where the shell has its windows, tray and notifications.
 */
let cluster: PostgresCluster;
let db: TestDatabase;
let admin: SyncConnection;
let server: TeamServer;
let orgId: number;
const tokens = { admin: '', viewer: '' };
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'desktop-team-'));
/** The catch-ups are driven by the test (the live feed has its own test). */
const still: FollowChanges = () => ({ stop: async () => undefined });
const host: HostSide = { transport: 'electron', testControls: false, version: 'test', host: {} };

beforeAll(async () => {
  cluster = await postgresForFile();
  db = await cluster.createDatabase();
  admin = SyncConnection.open(db.adminUrl);
  server = await startTeamServer({
    databaseUrl: db.url,
    host: '127.0.0.1',
    port: 0,
    testClock: true,
    sandboxDir: path.join(root, 'sandbox'),
    env: {},
    tickMs: 3_600_000,
    log: () => undefined,
  });
  const org = await createOrgOnDatabase(db.url, { name: 'Acme', adminEmail: 'ada@acme.test', at: Date.now() });
  orgId = org.orgId;
  tokens.admin = org.token;
  tokens.viewer = (await callServer({ url: server.url, token: org.token }, 'members/add', { email: 'vi@acme.test', role: 'viewer' })).token;
  admin.run('INSERT INTO coupons (org_id, code, credits, created_at) VALUES ($1, $2, $3, 0)', [orgId, 'WELCOME', 25_000]);
  await callServer({ url: server.url, token: tokens.admin }, 'coupons/redeem' as never, { code: 'WELCOME' } as never);
}, 300_000);

afterAll(async () => {
  await server?.close();
  admin?.close();
  await cluster?.stop();
  fs.rmSync(root, { recursive: true, force: true });
}, 120_000);

/** The desktop's own engine as the shell's DesktopTeam sees it: counts its wake-ups, pushes what the test emits. */
function localEngine() {
  const listeners = new Set<Parameters<LocalSide['subscribe']>[0]>();
  const local: LocalSide & { wakes: number; emit(snapshot: Snapshot): void } = {
    wakes: 0,
    async refresh() {
      local.wakes += 1;
    },
    current: () => null,
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    emit: (snapshot) => listeners.forEach((l) => l('snapshot/changed', snapshot)),
  };
  return local;
}

/** Starts the shell's team parts on `dataDir` as the app does at launch (reconnecting to the remembered server), with recorders. */
async function launch(dataDir: string) {
  const team = new TeamSwitch({ dataDir, vault: new SafeStorageTeamVault(dataDir, fakeCipher()), follow: still });
  const local = localEngine();
  const pushed: { event: PushEvent; payload: unknown }[] = [];
  const notified: Alert[] = [];
  const trays: { snapshot: Snapshot | null; deployments: readonly Deployment[]; allowed: (c: Channel) => boolean }[] = [];
  let delivered = 0;
  const desk = new DesktopTeam({
    local,
    team,
    host,
    localDeployments: () => [],
    deliverLocalAlerts: () => void (delivered += 1),
    notify: (alert) => notified.push(alert),
    push: (event, payload) => pushed.push({ event, payload }),
    drawTray: (snapshot, deployments, allowed) => trays.push({ snapshot, deployments, allowed }),
  });
  await team.start();
  return {
    team,
    desk,
    local,
    pushed,
    notified,
    trays,
    delivered: () => delivered,
    async quit() {
      desk.close();
      await team.close();
    },
  };
}

/** Raises an alert on the server while nobody is connected. */
const raiseAlert = (title: string) => raiseServerAlert(admin, orgId, title);

describe('the desktop connected to a team server', () => {
  it('remembers the connection across restarts; the token reaches no window; connected, its own engine is not woken', async () => {
    const dir = path.join(root, 'remember');
    const first = await launch(dir);
    await first.team.connect({ url: server.url, token: tokens.viewer });
    await first.quit();

    const second = await launch(dir);
    try {
      expect(second.team.status()).toMatchObject({ mode: 'connected', email: 'vi@acme.test', role: 'viewer', online: true });
      await second.desk.wake();
      await second.desk.wake();
      expect([second.local.wakes, second.delivered()]).toEqual([0, 0]);
      // The local engine's pushes are not this desktop's while connected; the server's snapshot is.
      second.local.emit({ balance: 1 } as Snapshot);
      expect(second.pushed.filter((p) => p.event === 'snapshot/changed').map((p) => (p.payload as Snapshot).balance)).toEqual([25_000]);
      expect(JSON.stringify(second.pushed)).not.toContain(tokens.viewer);
      expect(fs.readFileSync(path.join(dir, 'team-server.bin'), 'latin1')).not.toContain(tokens.viewer);

      // The tray: the org's balance, and a viewer's menu offers no buying and no pausing.
      await second.desk.redrawTray();
      const tray = second.trays.at(-1)!;
      expect(tray.snapshot?.balance).toBe(25_000);
      const menu = trayMenuModel(tray.snapshot, [{ id: 1, name: 'chat', state: 'running', creditsPerHour: 90 } as Deployment], tray.allowed);
      expect(menu.find((i) => i.label === 'Buy credits')?.enabled).toBe(false);
      expect(menu.find((i) => i.label === 'Running (1)')?.submenu?.[0]?.enabled).toBe(false);
      expect(menu.find((i) => i.label === 'Open Burnrate')?.enabled).toBe(true);

      // Disconnected, the desktop's own engine drives it again.
      await second.team.disconnect();
      await second.desk.wake();
      expect([second.local.wakes, second.delivered()]).toEqual([1, 1]);
      expect(second.desk.allowed('payments/purchase')).toBe(true);
    } finally {
      await second.quit();
    }
  });

  it('an alert raised while every desktop was closed is a notification on the next connect, once', async () => {
    const dir = path.join(root, 'alerts');
    const first = await launch(dir);
    await first.team.connect({ url: server.url, token: tokens.admin });
    expect(first.notified).toEqual([]);
    await first.quit();

    raiseAlert('Balance below 30,000 credits');
    const second = await launch(dir);
    expect(second.notified.map((a) => a.title)).toEqual(['Balance below 30,000 credits']);
    expect(second.pushed.filter((p) => p.event === 'alerts/raised')).toHaveLength(1);
    await second.desk.wake();
    await second.quit();

    const third = await launch(dir);
    await third.desk.wake();
    expect(third.notified).toEqual([]);
    // Raised while connected: notified at the next catch-up.
    raiseAlert('Runway under a day');
    await third.desk.wake();
    expect(third.notified.map((a) => a.title)).toEqual(['Runway under a day']);
    await third.quit();
  });
});
