import type { PauseSchedule, ScheduleWindow } from '../../api/types';

/** Day names, Monday first, as the contract numbers them (0 = Monday). */
export const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** The table's chip: "No schedule" or "Paused 84 h/week". */
export function scheduleChip(s: PauseSchedule | undefined): string {
  if (!s || s.windows.length === 0) return 'No schedule';
  return `Paused ${windowsToCells(s.windows).size} h/week`;
}

/** Hour cells (day, hour) that a set of windows covers — for the weekly grid. */
export function windowsToCells(windows: ScheduleWindow[]): Set<string> {
  const cells = new Set<string>();
  for (const w of windows) {
    const from = hourOf(w.start);
    const to = w.end === '24:00' ? 24 : Math.ceil(minutesOf(w.end) / 60);
    for (let h = from; h < to; h++) cells.add(`${w.day}:${h}`);
  }
  return cells;
}

/** Merges selected hour cells into the fewest windows per day. */
export function cellsToWindows(cells: Set<string>): ScheduleWindow[] {
  const out: ScheduleWindow[] = [];
  for (let day = 0; day < 7; day++) {
    let start: number | null = null;
    for (let h = 0; h <= 24; h++) {
      const on = h < 24 && cells.has(`${day}:${h}`);
      if (on && start === null) start = h;
      if (!on && start !== null) {
        out.push({ day, start: hh(start), end: hh(h) });
        start = null;
      }
    }
  }
  return out;
}

function hh(h: number): string {
  return `${String(h).padStart(2, '0')}:00`;
}
function minutesOf(t: string): number {
  const [h, m] = t.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}
function hourOf(t: string): number {
  return Math.floor(minutesOf(t) / 60);
}
