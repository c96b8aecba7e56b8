import { describe, expect, it } from 'vitest';
import { ChangeCoalescer, type CoalescerTimers } from '../../../main/core/team/change-coalescer.js';

/** Timers on a hand-moved clock: `advance` fires what falls due, in order. */
function manualTimers(): CoalescerTimers & { advance(ms: number): void } {
  let now = 1_000;
  let queue: { at: number; fn: () => void; id: number }[] = [];
  let next = 1;
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = next++;
      queue.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout(h) {
      queue = queue.filter((t) => t.id !== h);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        queue.sort((a, b) => a.at - b.at);
        const t = queue[0];
        if (!t || t.at > until) break;
        queue.shift();
        now = t.at;
        t.fn();
      }
      now = until;
    },
  };
}

function setUp() {
  const timers = manualTimers();
  const emitted: [number, number, number][] = [];
  const c = new ChangeCoalescer((org, seq) => emitted.push([org, seq, timers.now()]), 250, timers);
  return { timers, emitted, c };
}

describe('ChangeCoalescer: at most one emission per org per window, always the newest seq', () => {
  it('emits the first change after a quiet spell at once', () => {
    const { c, emitted } = setUp();
    c.offer(1, 5);
    expect(emitted).toEqual([[1, 5, 1_000]]);
  });

  it('folds a burst inside the window into one emission of its newest seq, at the window’s end', () => {
    const { c, emitted, timers } = setUp();
    c.offer(1, 5);
    for (let seq = 6; seq <= 100; seq++) c.offer(1, seq);
    c.offer(1, 42); // a late, older notification does not lower it
    timers.advance(249);
    expect(emitted).toEqual([[1, 5, 1_000]]);
    timers.advance(1);
    expect(emitted).toEqual([
      [1, 5, 1_000],
      [1, 100, 1_250],
    ]);
    timers.advance(10_000);
    expect(emitted).toHaveLength(2);
  });

  it('keeps orgs apart: one org’s burst neither delays nor carries another’s', () => {
    const { c, emitted, timers } = setUp();
    c.offer(1, 5);
    c.offer(1, 6);
    c.offer(2, 9);
    expect(emitted).toEqual([
      [1, 5, 1_000],
      [2, 9, 1_000],
    ]);
    timers.advance(250);
    expect(emitted).toEqual([
      [1, 5, 1_000],
      [2, 9, 1_000],
      [1, 6, 1_250],
    ]);
  });

  it('drops what is pending for an org it is told to forget', () => {
    const { c, emitted, timers } = setUp();
    c.offer(1, 5);
    c.offer(1, 6);
    c.forget(1);
    timers.advance(1_000);
    expect(emitted).toEqual([[1, 5, 1_000]]);
    c.offer(1, 7);
    expect(emitted.at(-1)).toEqual([1, 7, 2_000]);
  });
});
