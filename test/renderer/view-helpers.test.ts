import { describe, expect, it } from 'vitest';
import type { Alert } from '../../preload/contract';
import { autoRefillSentence } from '../../renderer/src/features/dashboard/auto-refill-sentence';
import { groupByDay } from '../../renderer/src/features/alerts/group-by-day';
import { cellsToWindows, scheduleChip, windowsToCells } from '../../renderer/src/features/deployments/schedule-text';
import { deploymentColor } from '../../renderer/src/format/series-colors';

describe('deployment colours', () => {
  it('are fixed per deployment id, whatever the order on screen', () => {
    expect(deploymentColor(3)).toBe(deploymentColor(3));
    expect(deploymentColor(1)).not.toBe(deploymentColor(2));
    expect(deploymentColor(11)).toBe(deploymentColor(1));
  });
});

describe('auto-refill in plain words', () => {
  const summary = { enabled: true, threshold: 500, amount: 2000, card: { brand: 'visa', last4: '4242', label: 'Visa ••4242' }, everyHours: 11.2 };
  it('matches the dashboard line of UX.md', () => {
    expect(autoRefillSentence(summary)).toBe("Auto-refill on — below 500, add 2,000 with Visa ••4242 (about every 11 h 12 min at today's burn)");
    expect(autoRefillSentence(null)).toMatch(/off/);
  });
});

describe('pause schedule grid', () => {
  it('round-trips windows through hour cells, merging neighbours', () => {
    const windows = [
      { day: 0, start: '20:00', end: '24:00' },
      { day: 1, start: '00:00', end: '08:00' },
    ];
    expect(cellsToWindows(windowsToCells(windows))).toEqual(windows);
    expect(windowsToCells([{ day: 5, start: '00:00', end: '24:00' }]).size).toBe(24);
    expect(scheduleChip({ deploymentId: 1, windows, monthlySaving: 0 })).toBe('Paused 12 h/week');
    expect(scheduleChip(undefined)).toBe('No schedule');
  });
});

describe('alerts by day', () => {
  const alert = (id: number, at: string): Alert => ({ id, kind: 'low_balance', severity: 'warning', title: 't', message: 'm', at, read: false, action: null });
  it('groups newest-first alerts by local day', () => {
    const groups = groupByDay([alert(3, '2025-03-02T09:00:00Z'), alert(2, '2025-03-01T23:30:00Z'), alert(1, '2025-03-01T08:00:00Z')], 'UTC');
    expect(groups.map((g) => [g.day, g.alerts.map((a) => a.id)])).toEqual([
      ['2025-03-02', [3]],
      ['2025-03-01', [2, 1]],
    ]);
    // In Berlin, 23:30 UTC is already the next day.
    expect(groupByDay([alert(2, '2025-03-01T23:30:00Z')], 'Europe/Berlin')[0]?.day).toBe('2025-03-02');
  });
});
