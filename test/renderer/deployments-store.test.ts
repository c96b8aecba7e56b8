import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Reply } from '../../preload/contract';
import { useToasts } from '../../renderer/src/app/toast-store';
import { useDeployments } from '../../renderer/src/features/deployments/deployments-store';

// A fake `window.burnrate`: each call is recorded and answered from `answers`.
const calls: string[] = [];
let answers: Record<string, Reply<unknown>> = {};
const fake = new Proxy(
  {},
  {
    get: (_t, domain: string) =>
      domain === 'on'
        ? () => () => undefined
        : new Proxy({}, { get: (_u, method: string) => async () => (calls.push(`${domain}/${method}`), answers[`${domain}/${method}`] ?? { result: [] }) }),
  },
);

const DEP = {
  id: 7,
  name: 'chat-prod',
  model: 'llama-3-70b',
  params: 70,
  precision: 'awq',
  tier: 'M',
  state: 'created',
  pausedReason: null,
  creditsPerHour: 180,
  nextChargeAt: null,
  paidUntil: null,
  createdAt: null,
};
const LIFECYCLE = { deployment: { ...DEP, state: 'running' }, chargedCredits: 180, balance: 20 };
const REFUSED = { error: { code: 'insufficient_credits', message: 'the first hour needs 180 credits, 20 left' } };

beforeAll(() => {
  // Toasts fade on timers; the api layer reads window.burnrate on the first call.
  vi.useFakeTimers();
  (globalThis as unknown as { window: unknown }).window = { burnrate: fake };
});

afterEach(() => {
  calls.length = 0;
  useToasts.setState({ toasts: [] });
});

describe('create and start', () => {
  it.each([
    ['the start goes through', true, { result: LIFECYCLE }, { started: true, startRefused: null }, /chat-prod created and started/],
    [
      'the start is refused',
      true,
      REFUSED,
      { started: false, startRefused: 'the first hour needs 180 credits, 20 left' },
      /chat-prod was created but not started: the first hour needs 180 credits/,
    ],
    ['no start was asked for', false, REFUSED, { started: false, startRefused: null }, /^chat-prod created\.$/],
  ] as const)('resolves once the deployment exists when %s (never creates it twice)', async (_what, startNow, startReply, outcome, toastText) => {
    answers = { 'deployments/create': { result: DEP }, 'deployments/start': startReply };
    const r = await useDeployments.getState().create({ name: 'chat-prod', model: 'llama-3-70b', paramsB: 70, precision: 'awq', tier: 'M' }, startNow);
    expect(r).toMatchObject(outcome);
    expect(calls.filter((c) => c === 'deployments/create')).toHaveLength(1);
    expect(calls.filter((c) => c === 'deployments/start')).toHaveLength(startNow ? 1 : 0);
    // One message, naming the deployment: the refusal is not toasted a second time bare.
    const shown = useToasts.getState().toasts.map((t) => t.text);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatch(toastText);
  });

  it('rejects when the create itself is refused, so the dialog stays open to fix the input', async () => {
    answers = { 'deployments/create': { error: { code: 'name_taken', message: 'a deployment named chat-prod exists' } } };
    await expect(useDeployments.getState().create({ name: 'chat-prod', model: 'm', paramsB: 7, precision: 'fp16', tier: 'S' }, true)).rejects.toThrow(/exists/);
    expect(calls).toEqual(['deployments/create']);
  });
});
