import { describe, expect, it } from 'vitest';
import type { ControlView } from '../../preload/contract';
import { checkedActionId, outcomeText, reasonText } from '../../renderer/src/features/deployments/control-history-text';

type Action = ControlView['history'][number];

let nextId = 1;
/** One action of the history, succeeded with one try unless told otherwise. */
function action(over: Partial<Action> = {}): Action {
  return {
    id: nextId++,
    action: 'pause',
    reason: 'user',
    key: 'msg_burnrate_1_1',
    at: '2025-03-03T09:00:00.000Z',
    status: 'succeeded',
    attempts: 1,
    nextAttemptAt: null,
    finishedAt: '2025-03-03T09:00:00.000Z',
    verify: null,
    verifyDeadline: null,
    verifiedAt: null,
    tries: [],
    ...over,
  };
}

/**
 * The Control dialog's history in words: what happened to each action, when
 * the next try comes (in the app's time zone), and — since only the latest
 * action is checked — that an older check still pending will never be done.
 */
describe('the control history says what happened to each action', () => {
  it.each<[string, Partial<Action>, boolean, string]>([
    ['succeeded, no verify URL', {}, true, 'succeeded'],
    ['succeeded and checked', { verify: 'ok' }, true, 'succeeded · verify ok'],
    ['succeeded, its check under way', { verify: 'pending' }, true, 'succeeded · verify pending'],
    ['succeeded, its check overtaken by a later action', { verify: 'pending' }, false, 'succeeded · not checked (a later action followed)'],
    ['an older check that failed stays failed', { verify: 'failed' }, false, 'succeeded · verify failed'],
    ['being sent', { status: 'sending', finishedAt: null }, true, 'sending'],
    [
      'waiting for its third try (Berlin, UTC+1)',
      { status: 'pending', attempts: 2, nextAttemptAt: '2025-03-03T09:06:00.000Z' },
      true,
      'pending · 2 tries · next try 3 Mar 2025, 10:06',
    ],
    ['failed after four tries', { status: 'failed', attempts: 4 }, true, 'failed · 4 tries'],
    ['superseded before it was sent', { status: 'superseded', attempts: 0, finishedAt: null }, false, 'superseded'],
  ])('%s: %s', (_name, over, latest, text) => {
    expect(outcomeText(action(over), latest, 'Europe/Berlin')).toBe(text);
  });

  it('the checked action is the newest one not superseded', () => {
    const newest = action({ status: 'superseded' });
    const resumed = action({ action: 'resume', verify: 'pending' });
    const paused = action({ verify: 'pending' });
    expect(checkedActionId([newest, resumed, paused])).toBe(resumed.id);
    expect(checkedActionId([action({ status: 'superseded' })])).toBeNull();
    expect(checkedActionId([])).toBeNull();
  });

  it.each([
    ['user', 'by hand'],
    ['schedule', 'schedule'],
    ['insufficient_credits', 'out of credits'],
    ['credits_added', 'credits added'],
    ['idle', 'idle'],
    ['something_new', 'something_new'],
  ])('reason %s reads "%s"', (code, words) => {
    expect(reasonText(code)).toBe(words);
  });
});
