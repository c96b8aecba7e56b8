import type { Channel, Deployment, RunwayState, Snapshot } from '../../preload/contract.js';
import { formatCredits } from '../core/money.js';

/** What a tray menu item does when clicked (the shell maps these to actions). */
export type TrayAction =
  | { type: 'open' }
  | { type: 'buy'; credits: number }
  | { type: 'pause-all' }
  | { type: 'resume-all' }
  | { type: 'pause'; deploymentId: number }
  | { type: 'quit' };

/** One line of the tray menu, independent of Electron's Menu class. */
export interface TrayItem {
  label: string;
  enabled: boolean;
  action?: TrayAction;
  submenu?: TrayItem[];
  separator?: boolean;
}

/** The credit packs the tray offers (the billing page's five). */
export const TRAY_PACKS = [500, 1_000, 2_000, 5_000, 10_000] as const;

/** Hours as "2 d 7 h", "5 h 20 min" or "12 min". */
export function formatRunwayHours(hours: number): string {
  const totalMin = Math.max(0, Math.floor(hours * 60));
  const d = Math.floor(totalMin / 1440);
  const h = Math.floor((totalMin % 1440) / 60);
  const m = totalMin % 60;
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  return `${m} min`;
}

/** The runway as one phrase: "runway 2 d 7 h", "nothing running", "paused for credits". */
export function runwayPhrase(s: Snapshot): string {
  if (s.pausedForCredits > 0 && s.running === 0) return 'paused for credits';
  if (s.runway.hours === null) return s.running > 0 ? 'runway more than 90 d' : 'nothing running';
  return `runway ${formatRunwayHours(s.runway.hours)}`;
}

/** "Burnrate — 12,345 credits ($123.45) · runway 2 d 7 h". */
export function trayTooltip(s: Snapshot | null): string {
  if (!s) return 'Burnrate';
  return `Burnrate — ${formatCredits(s.balance)} · ${runwayPhrase(s)}`;
}

/** Which icon tint the runway state asks for. */
export function trayTint(s: Snapshot | null): RunwayState {
  return s ? s.runway.state : 'ok';
}

/**
 * The tray's context menu from the snapshot and the deployments: balance and
 * runway as disabled lines, Open, Buy credits ▸ packs, Pause all, Resume all,
 * Running ▸ each with Pause, Quit. Always a menu (Linux ignores tray clicks).
 * Connected to a team server, `allowed` says which actions the member's role
 * may take while the server answers: the others are greyed out.
 */
export function trayMenuModel(s: Snapshot | null, deployments: readonly Deployment[], allowed: (channel: Channel) => boolean = () => true): TrayItem[] {
  const running = deployments.filter((d) => d.state === 'running');
  // Resume all resumes only what was paused for credits (core/deployments/bulk-actions.ts).
  const paused = deployments.filter((d) => d.state === 'paused' && d.pausedReason === 'insufficient_credits');
  const items: TrayItem[] = [
    { label: s ? `Balance: ${formatCredits(s.balance)}` : 'Balance: …', enabled: false },
    { label: s ? capitalize(runwayPhrase(s)) : 'Runway: …', enabled: false },
    { label: '', enabled: false, separator: true },
    { label: 'Open Burnrate', enabled: true, action: { type: 'open' } },
    {
      label: 'Buy credits',
      enabled: allowed('payments/purchase'),
      submenu: TRAY_PACKS.map((credits) => ({ label: formatCredits(credits), enabled: true, action: { type: 'buy', credits } })),
    },
    { label: '', enabled: false, separator: true },
    { label: 'Pause all', enabled: running.length > 0 && allowed('deployments/pauseAll'), action: { type: 'pause-all' } },
    { label: 'Resume all', enabled: paused.length > 0 && allowed('deployments/resumeAll'), action: { type: 'resume-all' } },
    {
      label: `Running (${running.length})`,
      enabled: running.length > 0,
      submenu: running.map((d) => ({
        label: `Pause ${d.name} — ${d.creditsPerHour} credits/h`,
        enabled: allowed('deployments/pause'),
        action: { type: 'pause', deploymentId: d.id },
      })),
    },
    { label: '', enabled: false, separator: true },
    { label: 'Quit Burnrate', enabled: true, action: { type: 'quit' } },
  ];
  return items;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * The tray image for a runway tint: coloured 32 px discs on Windows and Linux;
 * on macOS black 16 pt template images (`…Template.png` with an `@2x` sibling),
 * which the menu bar recolours for light and dark mode — a 32 px 1x image would
 * be drawn at 32 pt in a 22 pt menu bar.
 */
export function trayIconFile(platform: NodeJS.Platform, tint: RunwayState): string {
  return platform === 'darwin' ? `tray-${tint}Template.png` : `tray-${tint}.png`;
}
