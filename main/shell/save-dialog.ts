import path from 'node:path';
import { app, type BrowserWindow, dialog } from 'electron';

/** Asks where to save an export (the system save dialog, in Downloads by default); null when the user cancels. */
export async function chooseSavePath(win: BrowserWindow | null, fileName: string): Promise<string | null> {
  const ext = path.extname(fileName).slice(1);
  const options = {
    title: 'Save export',
    defaultPath: path.join(app.getPath('downloads'), fileName),
    filters: [{ name: ext === 'pdf' ? 'PDF' : 'CSV', extensions: [ext] }],
  };
  const r = win && !win.isDestroyed() ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  return r.canceled || !r.filePath ? null : r.filePath;
}
