import { create } from 'zustand';
import { RequestFailed } from '../../api/api-error';
import { request, requestOptional } from '../../api/client';
import type { Deployment, InstanceTier, NewDeploymentInput, PauseSchedule, ScheduleWindow } from '../../api/types';
import { toast } from '../../app/toast-store';

type LifecycleAction = 'start' | 'pause' | 'resume' | 'stop';

interface DeploymentsState {
  list: Deployment[];
  tiers: InstanceTier[];
  schedules: PauseSchedule[];
  loaded: boolean;
  /** Ids with a request in flight (their buttons are disabled). */
  busy: number[];
  load(): Promise<void>;
  act(id: number, action: LifecycleAction): Promise<void>;
  /** Pause all / resume all; `ids`: only those (what the confirmation listed). */
  bulk(action: 'pauseAll' | 'resumeAll', ids?: number[]): Promise<void>;
  /**
   * Creates a deployment and (when asked) starts it. Resolves once it exists,
   * even when the start is refused: the caller must not create it again.
   */
  create(input: NewDeploymentInput, startNow: boolean): Promise<CreateOutcome>;
  setSchedule(deploymentId: number, windows: ScheduleWindow[]): Promise<void>;
  clearSchedule(deploymentId: number): Promise<void>;
}

/** What "Create" / "Create and start" did. */
export interface CreateOutcome {
  deployment: Deployment;
  started: boolean;
  /** Why the start was refused (e.g. too few credits for the first hour); null when it started or was not asked to. */
  startRefused: string | null;
}

const DONE: Record<LifecycleAction, string> = { start: 'started', pause: 'paused', resume: 'resumed', stop: 'stopped' };

/** The deployments slice: list, tiers, pause schedules and the actions on them. */
export const useDeployments = create<DeploymentsState>((set, get) => ({
  list: [],
  tiers: [],
  schedules: [],
  loaded: false,
  busy: [],
  async load() {
    const [list, tiers, schedules] = await Promise.all([
      request('deployments/list', {}),
      get().tiers.length ? get().tiers : request('catalog/tiers', {}),
      requestOptional('schedules/list', {}),
    ]);
    set({ list, tiers, schedules: schedules ?? [], loaded: true });
  },
  async act(id, action) {
    set((s) => ({ busy: [...s.busy, id] }));
    try {
      const reply = await request(`deployments/${action}`, { id });
      toast(
        'success',
        `${reply.deployment.name} ${DONE[action]}${reply.chargedCredits > 0 ? ` — ${reply.chargedCredits.toLocaleString('en-US')} credits charged` : ''}.`,
      );
      await get().load();
    } finally {
      set((s) => ({ busy: s.busy.filter((b) => b !== id) }));
    }
  },
  async bulk(action, ids) {
    const reply = await request(`deployments/${action}`, ids ? { ids } : {});
    const verb = action === 'pauseAll' ? 'Paused' : 'Resumed';
    toast(reply.refused.length ? 'error' : 'success', `${verb} ${reply.changed.length}.${reply.refused.map((r) => ` ${r.message}`).join('')}`);
    await get().load();
  },
  async create(input, startNow) {
    const created = await request('deployments/create', input);
    let startRefused: string | null = null;
    if (startNow) {
      try {
        // Inline: the refusal is worded below with the deployment's name instead of a bare toast.
        await request('deployments/start', { id: created.id }, { inline: true });
      } catch (err) {
        startRefused = err instanceof RequestFailed ? err.message : 'the start did not go through';
      }
    }
    if (startRefused !== null)
      toast('error', `${created.name} was created but not started: ${startRefused}. Start it from the table when there are enough credits.`);
    else toast('success', `${created.name} ${startNow ? 'created and started' : 'created'}.`);
    await get()
      .load()
      .catch(() => undefined);
    return { deployment: created, started: startNow && startRefused === null, startRefused };
  },
  async setSchedule(deploymentId, windows) {
    const s = await request('schedules/set', { deploymentId, windows });
    toast('success', `Pause schedule saved — saves about ${s.monthlySaving.toLocaleString('en-US')} credits a month.`);
    await get().load();
  },
  async clearSchedule(deploymentId) {
    const schedules = await request('schedules/clear', { deploymentId });
    set({ schedules });
    toast('success', 'Pause schedule removed.');
  },
}));
