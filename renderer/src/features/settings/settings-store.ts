import { create } from 'zustand';
import { request, requestOptional } from '../../api/client';
import type { AppSettings, PaymentsMode, SetPaymentsModeInput } from '../../api/types';
import { toast } from '../../app/toast-store';

interface SettingsState {
  settings: AppSettings | null;
  mode: PaymentsMode | null;
  load(): Promise<void>;
  update(patch: Partial<AppSettings>): Promise<void>;
  setMode(input: SetPaymentsModeInput): Promise<boolean>;
}

/** The settings slice: time zone, auto-resume, payments mode. */
export const useSettings = create<SettingsState>((set) => ({
  settings: null,
  mode: null,
  async load() {
    const [settings, mode] = await Promise.all([request('settings/get', {}), requestOptional('payments/getMode', {})]);
    set({ settings, mode });
  },
  async update(patch) {
    set({ settings: await request('settings/update', patch) });
    toast('success', 'Settings saved.');
  },
  async setMode(input) {
    try {
      set({ mode: await request('payments/setMode', input) });
      toast('success', input.mode === 'sandbox' ? 'Using the built-in sandbox.' : 'Using your Stripe test key.');
      return true;
    } catch {
      return false;
    }
  },
}));
