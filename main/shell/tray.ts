import path from 'node:path';
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import type { Channel, Deployment, RunwayState, Snapshot } from '../../preload/contract.js';
import { trayClickOpensWindow } from './start/platform-rules.js';
import { type TrayAction, type TrayItem, trayIconFile, trayMenuModel, trayTint, trayTooltip } from './tray-model.js';

/** The tray icon, tooltip and menu, rebuilt from the snapshot whenever it changes. */
export class BurnrateTray {
  private readonly tray: Tray;
  private tint: RunwayState | null = null;

  constructor(
    private readonly assetsDir: string,
    private readonly platform: NodeJS.Platform,
    private readonly onAction: (action: TrayAction) => void,
    onClick: () => void,
  ) {
    this.tray = new Tray(this.icon('ok'));
    this.tray.setToolTip('Burnrate');
    // Windows users expect a left click to open the app (the menu is on the right click).
    if (trayClickOpensWindow(platform)) this.tray.on('click', onClick);
  }

  /** Redraws tooltip, icon tint and menu (`allowed`: which actions are offered, see trayMenuModel). */
  update(snapshot: Snapshot | null, deployments: readonly Deployment[], allowed?: (channel: Channel) => boolean): void {
    const tint = trayTint(snapshot);
    if (tint !== this.tint) {
      this.tray.setImage(this.icon(tint));
      this.tint = tint;
    }
    this.tray.setToolTip(trayTooltip(snapshot));
    // Always a context menu: Linux ignores clicks on the tray icon itself.
    this.tray.setContextMenu(Menu.buildFromTemplate(trayMenuModel(snapshot, deployments, allowed).map((i) => this.toElectron(i))));
  }

  /** Removes the icon. */
  destroy(): void {
    this.tray.destroy();
  }

  private icon(tint: RunwayState) {
    // macOS: 16 pt template images (the @2x sibling loads with them), drawn by the menu bar in its own colour.
    const image = nativeImage.createFromPath(path.join(this.assetsDir, trayIconFile(this.platform, tint)));
    if (this.platform === 'darwin') image.setTemplateImage(true);
    return image;
  }

  private toElectron(item: TrayItem): MenuItemConstructorOptions {
    if (item.separator) return { type: 'separator' };
    const action = item.action;
    return {
      label: item.label,
      enabled: item.enabled,
      ...(action ? { click: () => this.onAction(action) } : {}),
      ...(item.submenu ? { submenu: item.submenu.map((s) => this.toElectron(s)) } : {}),
    };
  }
}
