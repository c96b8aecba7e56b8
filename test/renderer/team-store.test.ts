import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Reply, TeamStatus } from '../../preload/contract';
import { useToasts } from '../../renderer/src/app/toast-store';
import { useTeam } from '../../renderer/src/features/team/team-store';

// A fake `window.burnrate`: calls recorded with their input, answered from `answers`; pushed events through `push`.
const calls: { channel: string; input: unknown }[] = [];
let answers: Record<string, Reply<unknown>> = {};
const listeners = new Map<string, (payload: unknown) => void>();
const fake = new Proxy(
  {},
  {
    get: (_t, domain: string) =>
      domain === 'on'
        ? (event: string, l: (payload: unknown) => void) => (listeners.set(event, l), () => listeners.delete(event))
        : new Proxy(
            {},
            {
              get: (_u, method: string) => async (input: unknown) => (
                calls.push({ channel: `${domain}/${method}`, input }),
                answers[`${domain}/${method}`] ?? { result: { mode: 'local' } }
              ),
            },
          ),
  },
);
const push = (event: string, payload: unknown) => listeners.get(event)?.(payload);
const TOKEN = `brt_${'s'.repeat(43)}`;
const lead: TeamStatus = {
  mode: 'connected',
  server: 'https://t.test',
  orgName: 'Acme',
  email: 'lee@acme.test',
  role: 'lead',
  online: true,
  lastSyncedAt: 1,
  denied: [],
};

beforeAll(() => {
  vi.useFakeTimers();
  (globalThis as unknown as { window: unknown }).window = { burnrate: fake };
});

afterEach(() => {
  calls.length = 0;
  answers = {};
  useTeam.setState({ status: null });
  useToasts.setState({ toasts: [] });
});

describe('the team slice', () => {
  it('a refused connect says why beside the form (no toast), and the status stays local', async () => {
    answers = { 'team/connect': { error: { code: 'server_unreachable', message: "Can't reach the team server at https://t.test: nothing was changed." } } };
    await useTeam.getState().load();
    expect(await useTeam.getState().connect('https://t.test', TOKEN)).toMatch(/^Can't reach the team server/);
    expect(useTeam.getState().status).toEqual({ mode: 'local' });
    expect(useToasts.getState().toasts).toEqual([]);
  });

  it('connects, then follows team/changed (offline and back); the token is sent once and kept nowhere in the slice', async () => {
    answers = { 'team/connect': { result: lead } };
    const stop = useTeam.getState().start();
    try {
      expect(await useTeam.getState().connect('https://t.test', TOKEN)).toBeNull();
      expect(calls.filter((c) => c.channel === 'team/connect')).toEqual([{ channel: 'team/connect', input: { url: 'https://t.test', token: TOKEN } }]);
      expect(useToasts.getState().toasts.map((t) => t.text)).toEqual(['Connected to Acme as lee@acme.test (lead).']);
      push('team/changed', { ...lead, online: false });
      expect(useTeam.getState().status?.online).toBe(false);
      push('team/changed', lead);
      expect(useTeam.getState().status?.online).toBe(true);
      expect(JSON.stringify(useTeam.getState())).not.toContain(TOKEN);
    } finally {
      stop();
    }
  });
});
