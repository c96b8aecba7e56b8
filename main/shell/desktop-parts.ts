import path from 'node:path';
import { app, type BrowserWindow, powerMonitor, shell } from 'electron';
import { MINUTE_MS } from '../core/clock.js';
import { useSqliteAddon } from '../core/db/sqlite-options.js';
import { desktopFlags } from '../core/settings/engine-settings.js';
import { type LocalEngine, openLocalEngine } from '../compose/local-engine.js';
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
import { deliverPendingAlerts } from './notifications.js';
import { openPreferences } from './preferences.js';
import { chooseSavePath } from './save-dialog.js';
import { StripeKeyStore } from './secrets.js';
import { desktopSqliteAddon } from './sqlite-addon.js';
import { adoptLegacyDataDir } from './start/legacy-data-dir.js';
import { loginItemKind } from './start/platform-rules.js';
import type { Desktop, DesktopParts } from './start/start-sequence.js';
import { BurnrateTray } from './tray.js';
import { runTrayAction } from './tray-actions.js';
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
    startServices: ({ local, keys }) => startDesktopServices(local, keys),
    trayAvailable: () => trayShown(process.platform),
  };
}

/** Wires the engine, the IPC gate, notifications and the wake-ups; the window and tray open on request. */
async function startDesktopServices(local: LocalEngine, keys: StripeKeyStore): Promise<Desktop> {
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
  // Any mutation may be a `settings/update`; the sync is a few key reads, so it simply runs after each.
  const gate = new IpcGate(local.table, ctx, () => {
    try {
      syncDesktopFlags();
    } catch (err) {
      // The update itself is saved; a failed OS login-item call must not lose the handler's reply.
      console.error('[burnrate] applying desktop settings failed:', err);
    }
    void refresh();
  });
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

  const redrawTray = () => {
    if (!tray) return;
    const deployments = services.engine.deployments.list().map((d) => deploymentDto(services.engine, d));
    tray.update(hub.current(), deployments);
  };
  hub.subscribe((event, payload) => {
    gate.push(event, payload);
    if (event === 'snapshot/changed') redrawTray();
  });

  async function refresh(): Promise<void> {
    try {
      await hub.refresh();
      deliverPendingAlerts(services, (view, id) => open(view, id));
    } catch (err) {
      console.error('[burnrate] settle failed:', err);
    }
  }

  // Wake-ups: each only asks the engine to settle; what is due comes from stored state and the clock.
  const heartbeat = setInterval(() => void refresh(), MINUTE_MS);
  const onResume = () => void refresh();
  powerMonitor.on('resume', onResume);
  await refresh();

  return {
    closeToTray: () => prefs.get('closeToTray'),
    createTray() {
      const actions = { services, sandboxOrigin, showWindow: (view?: View) => open(view), quit: () => app.quit(), refresh };
      tray = new BurnrateTray(
        path.join(root, 'assets'),
        process.platform,
        (action) => void runTrayAction(action, actions),
        () => open(),
      );
      redrawTray();
    },
    showWindow(action) {
      closeAction = action;
      open();
    },
    async close() {
      clearInterval(heartbeat);
      powerMonitor.off('resume', onResume);
      hub.close();
      gate.close();
      tray?.destroy();
      // A payments sync in flight may be making a refill: waited for, up to a bound.
      await hub.paymentsSynced(HOST_CLOSE_WAIT_MS).catch(() => undefined);
      await local.close();
    },
  };
}
