import path from 'node:path';
import type { BrowserWindow} from 'electron';
import { app, powerMonitor, shell } from 'electron';
import { MINUTE_MS } from '../core/clock.js';
import { openServices, type Services } from '../core/services.js';
import { createHandlerTable } from '../host/handlers/handler-table.js';
import type { HandlerContext } from '../host/handlers/handler-types.js';
import { PushHub } from '../host/handlers/push-hub.js';
import { deploymentDto } from '../host/handlers/present.js';
import { allowedExternalUrl } from '../host/url-allow-list.js';
import type { View } from '../../preload/contract.js';
import { registerAppScheme, serveAppProtocol } from './app-protocol.js';
import { hardenSessions } from './hardening.js';
import { IpcGate } from './ipc-gate.js';
import { createMainWindow } from './main-window.js';
import { deliverPendingAlerts } from './notifications.js';
import { openPreferences } from './preferences.js';
import { StripeKeyStore } from './secrets.js';
import { BurnrateTray } from './tray.js';
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
  const storedKey = keys.read();
  // The key goes to the payments module through a private env copy, never through process.env or IPC.
  const env = storedKey ? { ...process.env, STRIPE_SECRET_KEY: storedKey } : process.env;
  const services: Services = await openServices({ dataDir: app.getPath('userData'), env });
  const sandboxOrigin = () => null;
  hardenSessions(sandboxOrigin);
  serveAppProtocol(path.join(root, 'out', 'renderer'));

  const hub = new PushHub(services);
  const ctx: HandlerContext = {
    services,
    transport: 'electron',
    testControls: false,
    version: app.getVersion(),
    host: {
      sandboxOrigin,
      async openExternal(url) {
        const allowed = allowedExternalUrl(url, { sandboxOrigin: sandboxOrigin() });
        if (!allowed) return false;
        await shell.openExternal(allowed);
        return true;
      },
    },
  };
  const gate = new IpcGate(createHandlerTable(), ctx, () => void refresh());
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
    if (action.type === 'buy') return showWindow('billing');
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
  app.on('will-quit', () => {
    clearInterval(heartbeat);
    gate.close();
    tray.destroy();
    void services.close();
  });
}
