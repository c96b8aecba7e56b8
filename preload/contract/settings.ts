/** App settings (engine-side: time zone, auto-resume). */

export interface AppSettings {
  timeZone: string;
  /** Resume deployments paused for credits once credits arrive. */
  autoResume: boolean;
}
