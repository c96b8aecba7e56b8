import path from 'node:path';
import { app, type BrowserWindow, dialog, powerMonitor, safeStorage, shell } from 'electron';
import { MINUTE_MS } from '../core/clock.js';
import { useSqliteAddon } from '../core/db/sqlite-options.js';
import { desktopFlags } from '../core/settings/engine-settings.js';
import { type LocalEngine, openLocalEngine } from '../compose/local-engine.js';
import { TeamSwitch } from '../compose/team-switch.js';
import { hostDispatch } from '../host/team/team-control.js';
import type { HandlerContext } from '../host/handlers/handler-types.js';
import { HOST_CLOSE_WAIT_MS, PushHub } from '../host/handlers/push-hub.js';
import { deploymentDto } from '../host/handlers/present.js';
import { allowedExternalUrl } from '../host/url-allow-list.js';
import type { View } from '../../preload/contract.js';
import { serveAppProtocol } from './app-protocol.js';
import { planDesktopFlags } from './desktop-flags.js';
import { hardenSessions } from './hardening.js';
import { IpcGate } from './ipc-gate.js';
import { autostartDir, autostartExec, type LoginItem, NO_LOGIN_ITEM, osLoginItem, xdgAutostartLoginItem } from './login-item.js';
import { createMainWindow } from './main-window.js';
import { deliverPendingAlerts, showAlertNotification } from './notifications.js';
import { DesktopTeam } from './desktop-team.js';
import { SafeStorageTeamVault } from './team-vault.js';
import { runConnectedTrayAction } from './tray-connected.js';
import { openPreferences } from './preferences.js';
import { chooseSavePath } from './save-dialog.js';
import { StripeKeyStore } from './secrets.js';
import { desktopSqliteAddon } from './sqlite-addon.js';
import { adoptLegacyDataDir } from './start/legacy-data-dir.js';
import { loginItemKind } from './start/platform-rules.js';
import type { Desktop, DesktopParts } from './start/start-sequence.js';
import { BurnrateTray } from './tray.js';
import { nativeConfirm, runTrayAction } from './tray-actions.js';
import type { TrayAction } from './tray-model.js';
import { trayShown } from './tray-availability.js';

/** "Launch at login" as this build and platform can do it. */
function loginItem(): LoginItem {
  const kind = loginItemKind(process.platform, app.isPackaged);
  if (kind === 'os') return osLoginItem({ get: () => app.getLoginItemSettings(), set: (s) => app.setLoginItemSettings(s) });
  if (kind === 'xdg-autostart') return xdgAutostartLoginItem(autostartDir(process.env), autostartExec(process.env, process.execPath));
  return NO_LOGIN_ITEM;
}

/** The desktop's parts backed by Electron (the start sequence runs them in order). */
export function electronDesktopParts(): DesktopParts<{ local: LocalEngine; keys: StripeKeyStore }> {
  return {
    prepareDataDir(dataDir) {
      const moved = adoptLegacyDataDir(dataDir, process.env);
      if (moved) console.warn(`[burnrate] moved the desktop app's earlier data folder ${moved} to ${dataDir}, the folder the CLI uses`);
    },
    async openServices(dataDir) {
      // Development: Electron's build of better-sqlite3 sits beside Node's (out/native), never over it.
      useSqliteAddon(desktopSqliteAddon(app.getAppPath(), app.isPackaged));
      const keys = new StripeKeyStore(dataDir);
      // The key reaches the payments module only through this callback, read when the gateway opens; never over IPC.
      // Payments left pending are resolved by the push hub's first background sync: the window never waits on Stripe.
      const local = await openLocalEngine({ dataDir, stripeKey: () => keys.read(), resolvePendingPayments: false });
      return { local, keys };
    },
    startServices: ({ local, keys }, dataDir) => startDesktopServices(local, keys, dataDir),
    trayAvailable: () => trayShown(process.platform),
  };
}

/**
 * Wires the engine, the team server connection, the IPC gate, notifications
 * and the wake-ups; the window and tray open on request. Connected to a team
 * server (remembered across restarts, encrypted by safeStorage), the desktop's
 * own engine is not woken: DesktopTeam routes the tray, notifications and
 * wake-ups to the connected engine.
 */
async function startDesktopServices(local: LocalEngine, keys: StripeKeyStore, dataDir: string): Promise<Desktop> {
  const { services } = local;
  const root = app.getAppPath();
  const prefs = openPreferences();
  const login = loginItem();
  let win: BrowserWindow | null = null;
  let tray: BurnrateTray | null = null;
  let closeAction: () => 'hide' | 'close' = () => 'close';
  // Exactly the in-process sandbox's loopback origin (once it runs) may show checkout pages.
  const sandboxOrigin = () => services.payments.sandboxOrigin();
  hardenSessions(sandboxOrigin);
  serveAppProtocol(path.join(root, 'out', 'renderer'));

  const hub = new PushHub(services);
  const ctx: HandlerContext = {
    services,
    transport: 'electron',
    testControls: false,
    version: app.getVersion(),
    host: {
      async openExternal(url) {
        const allowed = allowedExternalUrl(url, { sandboxOrigin: sandboxOrigin() });
        if (!allowed) return false;
        await shell.openExternal(allowed);
        return true;
      },
      chooseSavePath: (fileName) => chooseSavePath(win, fileName),
      push: (event, payload) => gate.push(event, payload),
      stripeKeys: keys,
      paymentsSyncStatus: () => hub.paymentsSyncStatus(),
      desktopAbilities: () => ({ trayShown: tray !== null, launchAtLogin: login.available }),
    },
  };
  // Settings owns the desktop flags; electron-store keeps a copy for the window's close handler.
  const syncDesktopFlags = () => {
    const plan = planDesktopFlags(desktopFlags(services.engine.settings), login.isEnabled());
    prefs.set('closeToTray', plan.apply.closeToTray);
    prefs.set('launchAtLogin', plan.apply.launchAtLogin);
    if (plan.setLoginItem && login.available) login.setEnabled(plan.apply.launchAtLogin);
  };
  syncDesktopFlags();
  // The team server connection: the URL and token encrypted in the data folder, the token never in a reply or a log.
  const team = new TeamSwitch({ dataDir, vault: new SafeStorageTeamVault(dataDir, safeStorage) });
  // Any mutation may be a `settings/update`; the sync is a few key reads, so it simply runs after each.
  // Connected, the connected engine catches up after an action itself and the desktop's own settings are not the org's.
  const gate = new IpcGate(
    (channel, input) => hostDispatch(local.table, ctx, team, channel, input),
    () => {
      if (desk.connected()) return;
      try {
        syncDesktopFlags();
      } catch (err) {
        // The update itself is saved; a failed OS login-item call must not lose the handler's reply.
        console.error('[burnrate] applying desktop settings failed:', err);
      }
      void refresh();
    },
  );
  gate.open();

  const open = (view?: View, deploymentId?: number) => {
    if (!win || win.isDestroyed()) {
      win = createMainWindow(prefs, {
        preloadDir: path.join(root, 'out', 'preload'),
        iconPath: path.join(root, 'assets', 'icon.png'),
        isPackaged: app.isPackaged,
      });
      gate.trust(win.webContents);
      win.on('close', (e) => {
        if (closeAction() === 'hide') {
          e.preventDefault();
          win?.hide();
        }
      });
    } else {
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    }
    if (view) gate.push('app/navigate', { view, ...(deploymentId ? { deploymentId } : {}) });
  };

  const desk = new DesktopTeam({
    local: hub,
    team,
    host: ctx,
    localDeployments: () => services.engine.deployments.list().map((d) => deploymentDto(services.engine, d)),
    deliverLocalAlerts: () => deliverPendingAlerts(services, (view, id) => open(view, id)),
    notify: (alert) => showAlertNotification(alert, (view, id) => open(view, id)),
    push: (event, payload) => gate.push(event, payload),
    drawTray: (snapshot, deployments, allowed) => tray?.update(snapshot, deployments, allowed),
  });

  async function refresh(): Promise<void> {
    try {
      await desk.wake();
    } catch (err) {
      console.error('[burnrate] settle failed:', err);
    }
  }

  // Wake-ups: each only asks the engine to settle; what is due comes from stored state and the clock.
  const heartbeat = setInterval(() => void refresh(), MINUTE_MS);
  const onResume = () => void refresh();
  powerMonitor.on('resume', onResume);
  // Reconnects to the remembered team server (offline on its replica when it cannot be reached), then the first wake-up.
  await team
    .start()
    .catch((err: unknown) => console.error('[burnrate] reconnecting to the team server failed:', err instanceof Error ? err.message : String(err)));
  await refresh();

  return {
    closeToTray: () => prefs.get('closeToTray'),
    createTray() {
      const actions = { services, sandboxOrigin, showWindow: (view?: View) => open(view), quit: () => app.quit(), refresh };
      const onAction = (action: TrayAction) => {
        const engine = team.connected();
        if (!engine) return void runTrayAction(action, actions);
        void runConnectedTrayAction(action, {
          door: engine.door(ctx),
          confirm: nativeConfirm,
          inform: (message, detail) => void dialog.showMessageBox({ type: 'warning', message, detail }),
          openExternal: (url) => shell.openExternal(url),
          showWindow: (view) => open(view),
          quit: () => app.quit(),
        }).then(() => engine.refresh());
      };
      tray = new BurnrateTray(path.join(root, 'assets'), process.platform, onAction, () => open());
      void desk.redrawTray();
    },
    showWindow(action) {
      closeAction = action;
      open();
    },
    async close() {
      clearInterval(heartbeat);
      powerMonitor.off('resume', onResume);
      desk.close();
      await team.close();
      hub.close();
      gate.close();
      tray?.destroy();
      // A payments sync in flight may be making a refill: waited for, up to a bound.
      await hub.paymentsSynced(HOST_CLOSE_WAIT_MS).catch(() => undefined);
      await local.close();
    },
  };
}
