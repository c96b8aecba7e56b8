import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from './build-api.js';
import type { Reply } from './contract.js';

// The sandboxed preload: exposes exactly one method per contract channel (no
// generic invoke, no ipcRenderer) as window.burnrate. Bundled to CommonJS by
// scripts/build-main.mjs because sandboxed preloads cannot load ES modules.
const api = buildApi(
  (channel, input) => ipcRenderer.invoke(channel, input) as Promise<Reply<unknown>>,
  (event, listener) => {
    const handler = (_e: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(event, handler);
    return () => void ipcRenderer.removeListener(event, handler);
  },
);

contextBridge.exposeInMainWorld('burnrate', api);
