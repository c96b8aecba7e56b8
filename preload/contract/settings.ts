/** App settings (engine-side: time zone, auto-resume, the desktop app's tray and login flags). */

export interface AppSettings {
  timeZone: string;
  /** Resume deployments paused for credits once credits arrive. */
  autoResume: boolean;
  /** Desktop app: closing the window hides it to the tray instead of quitting (default true). */
  closeToTray: boolean;
  /** Desktop app: start Burnrate when the user logs in (default false). */
  launchAtLogin: boolean;
}
