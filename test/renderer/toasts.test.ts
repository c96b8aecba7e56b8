import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toast, toastLifetime, useToasts } from '../../renderer/src/app/toast-store';

describe('toasts: non-critical ones fade, critical ones stay until dismissed (issue 10)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    useToasts.setState({ toasts: [] });
  });
  afterEach(() => vi.useRealTimers());

  it.each([
    ['success', 'Settings saved.', true],
    ['info', 'Nothing new from the payment provider yet.', true],
    ['error', 'payment declined: Your card has insufficient funds.', true],
    ['critical', 'Could not reach Burnrate: fetch failed', false],
  ] as const)('a %s toast ("%s") fades: %s', (tone, text, fades) => {
    toast(tone, text);
    expect(useToasts.getState().toasts.map((t) => t.text)).toEqual([text]);
    vi.advanceTimersByTime(60_000);
    expect(useToasts.getState().toasts.length).toBe(fades ? 0 : 1);
  });

  it('a refusal stays long enough to read, longer than a confirmation', () => {
    expect(toastLifetime('error')!).toBeGreaterThan(toastLifetime('success')!);
    expect(toastLifetime('critical')).toBeNull();
  });
});
