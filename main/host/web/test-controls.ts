import { z } from 'zod';
import { checkInstantInRange, parseInstant, type SimulatedClock } from '../../core/clock.js';
import { RefusedError } from '../../core/errors.js';

/** Moves the clock by `advanceMs`, or sets it to `set` (ISO); one of the two. */
const clockInput = z.union([
  z.strictObject({
    advanceMs: z
      .int()
      .min(-366 * 86_400_000)
      .max(366 * 86_400_000),
  }),
  z.strictObject({ set: z.iso.datetime({ offset: true }) }),
]);

/**
 * Applies a test-only clock move (`POST /api/test/clock`). The web host only
 * routes here when started with BURNRATE_TEST_CONTROLS=1 and a SimulatedClock.
 */
export function moveClock(clock: SimulatedClock, input: unknown): { now: string } {
  const parsed = clockInput.safeParse(input);
  if (!parsed.success) throw new RefusedError('invalid_input', 'send {"advanceMs": <integer ms>} or {"set": "<ISO instant>"}');
  // The same bounds as BURNRATE_NOW: the moved clock must still be a reading the CLI would accept.
  if ('advanceMs' in parsed.data) clock.set(checkInstantInRange(clock.now().getTime() + parsed.data.advanceMs, 'the moved clock'));
  else clock.set(parseInstant(parsed.data.set, 'set').getTime());
  return { now: clock.now().toISOString() };
}

/** True when the environment turns the test controls on (exactly "1"; off by default). */
export function testControlsEnabled(env: NodeJS.ProcessEnv): boolean {
  return env.BURNRATE_TEST_CONTROLS === '1';
}
