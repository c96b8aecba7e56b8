import { create } from 'zustand';
import { request, requestOptional } from '../../api/client';
import type { AppSettings, PaymentsAccount, PaymentsMode, SetPaymentsModeInput } from '../../api/types';
import { toast } from '../../app/toast-store';

interface SettingsState {
  settings: AppSettings | null;
  mode: PaymentsMode | null;
  account: PaymentsAccount | null;
  load(): Promise<void>;
  setEmail(email: string | null): Promise<void>;
  update(patch: Partial<AppSettings>): Promise<void>;
  setMode(input: SetPaymentsModeInput): Promise<boolean>;
}

/** The settings slice: time zone, auto-resume, tray and login flags, payments mode. */
export const useSettings = create<SettingsState>((set) => ({
  settings: null,
  mode: null,
  account: null,
  async load() {
    const [settings, mode, account] = await Promise.all([
      request('settings/get', {}),
      requestOptional('payments/getMode', {}),
      requestOptional('payments/getAccount', {}),
    ]);
    set({ settings, mode, account });
  },
  async setEmail(email) {
    set({ account: await request('payments/setEmail', { email }) });
    toast('success', email ? `Receipts will be emailed to ${email}.` : 'No receipt emails.');
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
