import { RefusedError } from '../errors.js';
import { z } from 'zod';
import type { SettingsStore } from './settings-store.js';

/** IANA zone names Intl knows; anything else is refused. */
export const timeZoneSchema = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'not a known time zone (use Area/City, e.g. Europe/Berlin)');

let resolvedZone: { tz: string | undefined; zone: string } | null = null;

/** The machine's own time zone, the default for day and month boundaries. */
export function systemTimeZone(): string {
  if (process.env.TZ && process.env.TZ.length > 0) return process.env.TZ;
  // Building a DateTimeFormat costs ~0.1 ms and every settings read asks; it only changes with TZ.
  if (!resolvedZone || resolvedZone.tz !== process.env.TZ) resolvedZone = { tz: process.env.TZ, zone: Intl.DateTimeFormat().resolvedOptions().timeZone };
  return resolvedZone.zone;
}

/** Whether deployments paused for credits resume by themselves once credits arrive (default on). */
export function autoResumeEnabled(s: SettingsStore): boolean {
  return s.get('billing.autoResume', z.boolean(), true);
}

/** Turns auto-resume after credits on or off; callers write it inside `engine.act`, after settling. */
export function setAutoResume(s: SettingsStore, on: boolean): void {
  s.set('billing.autoResume', z.boolean(), on);
}

/** The user's time zone for calendar days and months. */
export function userTimeZone(s: SettingsStore): string {
  return s.get('app.timeZone', timeZoneSchema, systemTimeZone());
}

/** Refuses a zone Intl does not know (`invalid_time_zone`), in words for whoever typed it. */
export function checkTimeZone(tz: string): void {
  if (!timeZoneSchema.safeParse(tz).success)
    throw new RefusedError('invalid_time_zone', `'${tz}' is not a known time zone (use Area/City, e.g. Europe/Berlin)`);
}

/** Sets the user's time zone (refused unless Intl knows it); callers write it inside `engine.act`, after settling. */
export function setUserTimeZone(s: SettingsStore, tz: string): void {
  // Stored in its standard spelling ("europe/berlin" is Europe/Berlin): one zone, one name, one rollup.
  const parsed = timeZoneSchema.parse(tz);
  s.set('app.timeZone', timeZoneSchema, new Intl.DateTimeFormat('en-US', { timeZone: parsed }).resolvedOptions().timeZone);
}

/** Desktop-only flags, kept here (not only in electron-store) so Settings can show and change them over the contract. */
export interface DesktopFlags {
  closeToTray: boolean;
  launchAtLogin: boolean;
}

/** The stored desktop flags; a key never written is absent (its default applies). */
function storedDesktopFlags(s: SettingsStore): Partial<DesktopFlags> {
  const closeToTray = s.get<boolean | undefined>('desktop.closeToTray', z.boolean(), undefined);
  const launchAtLogin = s.get<boolean | undefined>('desktop.launchAtLogin', z.boolean(), undefined);
  return { ...(closeToTray === undefined ? {} : { closeToTray }), ...(launchAtLogin === undefined ? {} : { launchAtLogin }) };
}

/** The desktop flags with their defaults: close to tray on, launch at login off. */
export function desktopFlags(s: SettingsStore): DesktopFlags {
  return { closeToTray: true, launchAtLogin: false, ...storedDesktopFlags(s) };
}

/** Stores whichever desktop flags `patch` carries (validated as booleans). */
export function setDesktopFlags(s: SettingsStore, patch: Partial<DesktopFlags>): void {
  if (patch.closeToTray !== undefined) s.set('desktop.closeToTray', z.boolean(), patch.closeToTray);
  if (patch.launchAtLogin !== undefined) s.set('desktop.launchAtLogin', z.boolean(), patch.launchAtLogin);
}
