import { appUserModelId, applicationMenu, type MenuRoleItem, quitWhenAllWindowsClosed, shellDataDir, windowCloseAction } from './platform-rules.js';
import { startFailureText, type StartStep } from './start-failure.js';

/**
 * The Electron calls the start sequence makes — `app`, `dialog.showErrorBox`,
 * `Menu.setApplicationMenu` — as a small interface: `electron-app.ts` backs it
 * with Electron, tests with a recording double.
 */
export interface ShellApp {
  readonly platform: NodeJS.Platform;
  readonly isPackaged: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly execPath: string;
  enableSandbox(): void;
  requestSingleInstanceLock(): boolean;
  releaseSingleInstanceLock(): void;
  setPath(name: 'userData', dir: string): void;
  setAppUserModelId(id: string): void;
  /** `null` removes the menu bar; the default menu is left alone by not calling this. */
  setApplicationMenu(menu: MenuRoleItem[] | null): void;
  whenReady(): Promise<void>;
  showErrorBox(title: string, content: string): void;
  onSecondInstance(fn: () => void): void;
  onActivate(fn: () => void): void;
  onBeforeQuit(fn: () => void): void;
  onWillQuit(fn: (event: { preventDefault(): void }) => void): void;
  onWindowAllClosed(fn: () => void): void;
  quit(): void;
  exit(code: number): void;
}

/** The running desktop once its services are up (IPC gate, push hub, wake-ups). */
export interface Desktop {
  /** The user's close-to-tray preference (engine settings). */
  closeToTray(): boolean;
  /** Creates the tray icon and menu. */
  createTray(): void;
  /** Opens (or focuses) the main window; `closeAction` decides what its close button does. */
  showWindow(closeAction: () => 'hide' | 'close'): void;
  /** Stops the wake-ups, removes the tray and closes the services (waits, bounded, for a payments sync). */
  close(): Promise<void>;
}

/** The desktop's parts, started in order by `startDesktop`. */
export interface DesktopParts<S> {
  /** Before Electron is ready (it creates the folder): adopts an earlier build's folder (`legacy-data-dir.ts`). */
  prepareDataDir(dataDir: string): void;
  /** Opens the ledger database in `dataDir` and the engine's services over it. */
  openServices(dataDir: string): Promise<S>;
  /** Wires the services to Electron (protocol, session rules, IPC gate, push hub, desktop flags). */
  startServices(services: S, dataDir: string): Promise<Desktop>;
  /** Whether a tray icon is actually shown on this desktop (Linux: a StatusNotifier host runs). */
  trayAvailable(): Promise<boolean>;
}

/** How a start ended. */
export type StartOutcome =
  { type: 'running'; dataDir: string; trayShown: boolean } | { type: 'second-instance' } | { type: 'failed'; step: StartStep; error: unknown };

/**
 * Starts the desktop app: sandbox, single instance, data folder (the CLI's),
 * app id and menu, then — once Electron is ready — the database, services,
 * tray and window. Anything thrown on the way shows a dialog that says what
 * failed and what to do, releases the single-instance lock and exits 1, so a
 * relaunch is never silently swallowed by a process with no window.
 */
export async function startDesktop<S>(app: ShellApp, parts: DesktopParts<S>): Promise<StartOutcome> {
  // Every renderer sandboxed, before anything is created (Electron requires it before ready).
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { type: 'second-instance' };
  }
  let step: StartStep = 'data folder';
  const dataDir = shellDataDir(app.env, app.platform);
  try {
    parts.prepareDataDir(dataDir);
    app.setPath('userData', dataDir);
    if (app.platform === 'win32') app.setAppUserModelId(appUserModelId(app.isPackaged, app.execPath));
    const menu = applicationMenu(app.platform, app.isPackaged);
    if (menu !== 'default') app.setApplicationMenu(menu);
    step = 'ready';
    await app.whenReady();
    step = 'database';
    const services = await parts.openServices(dataDir);
    step = 'services';
    const desktop = await parts.startServices(services, dataDir);
    step = 'tray';
    const trayShown = await parts.trayAvailable();
    if (trayShown) desktop.createTray();
    step = 'window';
    let quitting = false;
    const closeAction = () => windowCloseAction({ quitting, closeToTray: desktop.closeToTray(), trayShown });
    desktop.showWindow(closeAction);
    app.onSecondInstance(() => desktop.showWindow(closeAction));
    app.onActivate(() => desktop.showWindow(closeAction));
    app.onBeforeQuit(() => {
      quitting = true;
    });
    app.onWindowAllClosed(() => {
      if (quitWhenAllWindowsClosed({ closeToTray: desktop.closeToTray(), trayShown })) app.quit();
    });
    onQuitCloseFirst(app, desktop);
    return { type: 'running', dataDir, trayShown };
  } catch (error) {
    console.error(`[burnrate] failed to start (${step}):`, error);
    const text = startFailureText(step, error, dataDir);
    app.showErrorBox(text.title, text.content);
    app.releaseSingleInstanceLock();
    app.exit(1);
    return { type: 'failed', step, error };
  }
}

/** Quit waits once for the desktop to close (a payments sync in flight may be making a refill), then quits. */
function onQuitCloseFirst(app: ShellApp, desktop: Desktop): void {
  let closing: Promise<void> | null = null;
  let closed = false;
  app.onWillQuit((event) => {
    if (closed) return;
    event.preventDefault();
    closing ??= desktop
      .close()
      .catch((err: unknown) => console.error('[burnrate] closing failed:', err))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
}
