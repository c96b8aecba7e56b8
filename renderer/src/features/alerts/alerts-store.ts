import { create } from 'zustand';
import { request, requestOptional, subscribe } from '../../api/client';
import type { Alert, AlertSettings } from '../../api/types';
import { useSnapshot } from '../../app/snapshot-store';
import { toast } from '../../app/toast-store';

interface AlertsState {
  alerts: Alert[] | null;
  unread: number;
  nextBeforeId: number | null;
  settings: AlertSettings | null;
  load(): Promise<void>;
  more(): Promise<void>;
  markRead(ids: number[]): Promise<void>;
  markAllRead(): Promise<void>;
  loadSettings(): Promise<void>;
  saveSettings(patch: Partial<AlertSettings>): Promise<void>;
  /** Confirms a held catch-up longer than 90 days (the alert's button) and says what it charged. */
  confirmCatchUp(): Promise<void>;
  listen(): () => void;
}

/** The alerts slice: the in-app list (never lost) and the alert settings. */
export const useAlerts = create<AlertsState>((set, get) => ({
  alerts: null,
  unread: 0,
  nextBeforeId: null,
  settings: null,
  async load() {
    const r = await requestOptional('alerts/list', { limit: 100 });
    set(r ? { alerts: r.alerts, unread: r.unread, nextBeforeId: r.nextBeforeId } : { alerts: null });
  },
  async more() {
    const before = get().nextBeforeId;
    if (before === null) return;
    const r = await request('alerts/list', { limit: 100, beforeId: before });
    set((s) => ({ alerts: [...(s.alerts ?? []), ...r.alerts], nextBeforeId: r.nextBeforeId, unread: r.unread }));
  },
  async markRead(ids) {
    const r = await request('alerts/markRead', { ids });
    set((s) => ({ unread: r.unread, alerts: s.alerts?.map((a) => (ids.includes(a.id) ? { ...a, read: true } : a)) ?? null }));
    // The sidebar's unread count comes from the snapshot.
    await useSnapshot.getState().load();
  },
  async markAllRead() {
    const r = await request('alerts/markAllRead', {});
    set((s) => ({ unread: r.unread, alerts: s.alerts?.map((a) => ({ ...a, read: true })) ?? null }));
    await useSnapshot.getState().load();
  },
  async loadSettings() {
    set({ settings: await requestOptional('alerts/getSettings', {}) });
  },
  async saveSettings(patch) {
    set({ settings: await request('alerts/setSettings', patch) });
    toast('success', 'Alert settings saved.');
  },
  async confirmCatchUp() {
    const r = await request('alerts/confirmCatchUp', {});
    toast(
      'success',
      r.confirmed ? `Catch-up confirmed: ${r.chargedHours} hour(s) charged, ${r.chargedCredits.toLocaleString('en-US')} credits.` : 'No catch-up was waiting.',
    );
    await Promise.all([get().load(), useSnapshot.getState().load()]);
  },
  listen() {
    return subscribe('alerts/raised', (alert) => {
      set((s) => ({ alerts: s.alerts ? [alert, ...s.alerts.filter((a) => a.id !== alert.id)] : s.alerts, unread: s.unread + (alert.read ? 0 : 1) }));
    });
  },
}));
