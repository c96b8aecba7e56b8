import { app, dialog, Menu } from 'electron';
import type { ShellApp } from './start-sequence.js';

/** The start sequence's Electron calls, backed by Electron itself. */
export function electronShellApp(): ShellApp {
  return {
    platform: process.platform,
    isPackaged: app.isPackaged,
    env: process.env,
    execPath: process.execPath,
    enableSandbox: () => app.enableSandbox(),
    requestSingleInstanceLock: () => app.requestSingleInstanceLock(),
    releaseSingleInstanceLock: () => app.releaseSingleInstanceLock(),
    setPath: (name, dir) => app.setPath(name, dir),
    setAppUserModelId: (id) => app.setAppUserModelId(id),
    setApplicationMenu: (menu) => Menu.setApplicationMenu(menu === null ? null : Menu.buildFromTemplate(menu)),
    whenReady: () => app.whenReady(),
    showErrorBox: (title, content) => dialog.showErrorBox(title, content),
    onSecondInstance: (fn) => void app.on('second-instance', fn),
    onActivate: (fn) => void app.on('activate', fn),
    onBeforeQuit: (fn) => void app.on('before-quit', fn),
    onWillQuit: (fn) => void app.on('will-quit', (event) => fn(event)),
    onWindowAllClosed: (fn) => void app.on('window-all-closed', fn),
    quit: () => app.quit(),
    exit: (code) => app.exit(code),
  };
}
