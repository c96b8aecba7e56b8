import path from 'node:path';
import type { BrowserWindow} from 'electron';
import { app, powerMonitor, shell } from 'electron';
import { MINUTE_MS } from '../core/clock.js';
import { setDesktopFlags, storedDesktopFlags } from '../core/settings/engine-settings.js';
import { openServices, type Services } from '../core/services.js';
import { createHandlerTable } from '../host/handlers/handler-table.js';
import type { HandlerContext } from '../host/handlers/handler-types.js';
import { HOST_CLOSE_WAIT_MS, PushHub } from '../host/handlers/push-hub.js';
import { usdText } from '../host/handlers/payment-schemas.js';
import { deploymentDto } from '../host/handlers/present.js';
import { allowedExternalUrl } from '../host/url-allow-list.js';
import type { View } from '../../preload/contract.js';
import { registerAppScheme, serveAppProtocol } from './app-protocol.js';
import { hardenSessions } from './hardening.js';
import { IpcGate } from './ipc-gate.js';
import { createMainWindow } from './main-window.js';
import { planDesktopFlags } from './desktop-flags.js';
import { deliverPendingAlerts } from './notifications.js';
import { openPreferences } from './preferences.js';
import { chooseSavePath } from './save-dialog.js';
import { StripeKeyStore } from './secrets.js';
import { BurnrateTray } from './tray.js';
import { buyFromTray } from './tray-buy.js';
import type { TrayAction } from './tray-model.js';

const APP_ID = 'com.burnrate.desktop';
const root = app.getAppPath();
let win: BrowserWindow | null = null;
let quitting = false;

registerAppScheme();
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => showWindow());
  app.setAppUserModelId(APP_ID);
  app.whenReady().then(start, (err: unknown) => {
    console.error('[burnrate] failed to start:', err);
    app.exit(1);
  });
}

let showWindow: (view?: View, deploymentId?: number) => void = () => undefined;

/** Wires the engine, the IPC gate, the window, the tray, notifications and the wake-ups. */
async function start(): Promise<void> {
  const prefs = openPreferences();
  const keys = new StripeKeyStore(app.getPath('userData'));
  // The key reaches the payments module only through this callback, read when the gateway opens; never over IPC.
  // Payments left pending are resolved by the push hub's first background sync: the window never waits on Stripe.
  const services: Services = await openServices({ dataDir: app.getPath('userData'), stripeKey: () => keys.read(), resolvePendingPayments: false });
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
    },
  };
  // Settings owns the desktop flags now; electron-store keeps a copy for the close handler and the migration.
  const syncDesktopFlags = () => {
    const plan = planDesktopFlags(storedDesktopFlags(services.engine.settings), { closeToTray: prefs.get('closeToTray'), launchAtLogin: prefs.get('launchAtLogin') }, app.getLoginItemSettings().openAtLogin);
    setDesktopFlags(services.engine.settings, plan.seed);
    prefs.set('closeToTray', plan.apply.closeToTray);
    prefs.set('launchAtLogin', plan.apply.launchAtLogin);
    if (plan.setLoginItem) app.setLoginItemSettings({ openAtLogin: plan.apply.launchAtLogin });
  };
  syncDesktopFlags();
  // Any mutation may be a `settings/update`; the sync is a few key reads, so it simply runs after each.
  const gate = new IpcGate(createHandlerTable(), ctx, () => {
    try {
      syncDesktopFlags();
    } catch (err) {
      // The update itself is saved; a failed OS login-item call must not lose the handler's reply.
      console.error('[burnrate] applying desktop settings failed:', err);
    }
    void refresh();
  });
  gate.open();

  showWindow = (view, deploymentId) => {
    if (!win || win.isDestroyed()) {
      win = createMainWindow(prefs, path.join(root, 'out', 'preload'), path.join(root, 'assets', 'icon.png'));
      gate.trust(win.webContents);
      win.on('close', (e) => {
        if (!quitting && prefs.get('closeToTray')) {
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

  const tray = new BurnrateTray(path.join(root, 'assets'), (action) => void onTrayAction(action));
  const redrawTray = () => {
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
      deliverPendingAlerts(services, (view, id) => showWindow(view, id));
    } catch (err) {
      console.error('[burnrate] settle failed:', err);
    }
  }

  async function onTrayAction(action: TrayAction): Promise<void> {
    const e = services.engine;
    if (action.type === 'open') return showWindow();
    if (action.type === 'quit') return app.quit();
    if (action.type === 'buy') {
      const outcome = await buyFromTray(action.credits, {
        checkout: (credits) => services.payments.checkout({ usd: usdText(credits) }),
        sandboxOrigin,
        openExternal: (url) => shell.openExternal(url),
        showBilling: () => showWindow('billing'),
      });
      if (outcome.type === 'failed') console.error('[burnrate] tray checkout failed:', outcome.message);
      return;
    }
    try {
      if (action.type === 'pause') await e.pauseDeployment(action.deploymentId);
      const ids = e.deployments.listByState(action.type === 'resume-all' ? 'paused' : 'running').map((d) => d.id);
      if (action.type === 'pause-all') for (const id of ids) await e.pauseDeployment(id).catch(() => undefined);
      if (action.type === 'resume-all') for (const id of ids) await e.resumeDeployment(id).catch(() => undefined);
    } finally {
      await refresh();
    }
  }

  // Wake-ups: each only asks the engine to settle; what is due comes from stored state and the clock.
  const heartbeat = setInterval(() => void refresh(), MINUTE_MS);
  powerMonitor.on('resume', () => void refresh());
  await refresh();
  redrawTray();
  showWindow();

  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('window-all-closed', () => {
    if (!prefs.get('closeToTray')) app.quit();
  });
  app.on('activate', () => showWindow());
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    // Quit once the services are closed: a payments sync in flight may be making a refill (waited for, up to a bound).
    event.preventDefault();
    clearInterval(heartbeat);
    hub.close();
    gate.close();
    tray.destroy();
    void hub
      .paymentsSynced(HOST_CLOSE_WAIT_MS)
      .then(() => services.close())
      .catch(() => undefined)
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
}
