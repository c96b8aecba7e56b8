import { create } from 'zustand';
import { RequestFailed } from '../../api/api-error';
import { request, requestOptional, subscribe } from '../../api/client';
import type { TeamStatus } from '../../api/types';
import { useSnapshot } from '../../app/snapshot-store';
import { toast } from '../../app/toast-store';

interface TeamState {
  /** Local or connected, who is signed in, online or not (null until the host answered; a host without teams stays local). */
  status: TeamStatus | null;
  load(): Promise<void>;
  /** Loads the status and follows `team/changed`; returns the unsubscribe. */
  start(): () => void;
  /** Connects with a URL and token (the token is sent once and never read back): null when connected, else why not. */
  connect(url: string, token: string): Promise<string | null>;
  disconnect(): Promise<void>;
}

/** The team slice: where this app's data comes from (its own ledger or a team server), kept live by `team/changed`. */
export const useTeam = create<TeamState>((set) => ({
  status: null,
  async load() {
    set({ status: (await requestOptional('team/status', {})) ?? { mode: 'local' } });
  },
  start() {
    useTeam
      .getState()
      .load()
      .catch(() => undefined);
    return subscribe('team/changed', (status) => {
      const before = useTeam.getState().status;
      set({ status });
      // Another ledger now answers (connected, disconnected, another server): every figure is reloaded.
      if (before && (before.mode !== status.mode || before.server !== status.server))
        useSnapshot
          .getState()
          .load()
          .catch(() => undefined);
    });
  },
  async connect(url, token) {
    try {
      const status = await request('team/connect', { url, token }, { inline: true });
      set({ status });
      toast('success', `Connected to ${status.orgName ?? 'the team server'} as ${status.email ?? 'a member'} (${status.role ?? 'unknown role'}).`);
      return null;
    } catch (err) {
      return err instanceof RequestFailed ? err.reason : 'Could not connect.';
    }
  },
  async disconnect() {
    set({ status: await request('team/disconnect', {}) });
    toast('success', "Disconnected: this app uses its own ledger again. The team's synced copy stays on this computer.");
  },
}));
