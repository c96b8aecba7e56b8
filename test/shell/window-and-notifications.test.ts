import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { debouncedSave } from '../../main/shell/debounced-save.js';
import { LiveNotifications, type NotificationLike } from '../../main/shell/live-notifications.js';

/** A notification that only records being shown; events are emitted by the test. */
class FakeNote extends EventEmitter implements NotificationLike {
  shown = false;
  show(): void {
    this.shown = true;
  }
}

describe('notifications stay reachable until they are done', () => {
  it.each(['click', 'close', 'failed'] as const)('holds each shown notification until %s', (end) => {
    const live = new LiveNotifications<FakeNote>();
    const clicks: number[] = [];
    const notes = [new FakeNote(), new FakeNote()];
    notes.forEach((n, i) => live.show(n, () => clicks.push(i)));
    expect(notes.every((n) => n.shown)).toBe(true);
    expect(live.size).toBe(2);
    notes[0]!.emit(end);
    expect(live.size).toBe(1);
    expect(clicks).toEqual(end === 'click' ? [0] : []);
    // A second end event (click after close) neither throws nor releases another.
    notes[0]!.emit('close');
    expect(live.size).toBe(1);
  });
});

describe('window bounds are written once they settle', () => {
  it.each([
    ['a burst of moves', ['schedule', 'schedule', 'schedule', 'wait'], 1],
    ['two bursts apart', ['schedule', 'wait', 'schedule', 'schedule', 'wait'], 2],
    ['a close during a drag', ['schedule', 'schedule', 'flush', 'wait'], 1],
    ['a close with nothing pending', ['flush'], 1],
    ['nothing', ['wait'], 0],
  ] as const)('%s → %i write(s)', (_what, steps, writes) => {
    vi.useFakeTimers();
    try {
      const save = vi.fn();
      const saver = debouncedSave(save, 500);
      for (const step of steps) {
        const before = save.mock.calls.length;
        if (step === 'wait') vi.advanceTimersByTime(500);
        else saver[step]();
        // Asking is never a write by itself.
        if (step === 'schedule') expect(save.mock.calls.length).toBe(before);
      }
      expect(save).toHaveBeenCalledTimes(writes);
    } finally {
      vi.useRealTimers();
    }
  });
});
