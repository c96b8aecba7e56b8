/** The one place that reads time; everything else is handed a Clock. */
export interface Clock {
  now(): Date;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock fixed at one instant (the CLI's `--now`). */
export function fixedClock(at: Date): Clock {
  const ms = at.getTime();
  return { now: () => new Date(ms) };
}

/** A clock tests and simulations move by hand, forward or back. */
export class SimulatedClock implements Clock {
  private ms: number;

  constructor(start: Date | number) {
    this.ms = typeof start === 'number' ? start : start.getTime();
  }

  now(): Date {
    return new Date(this.ms);
  }

  /** Moves the clock by `ms` (negative moves it back). */
  advance(ms: number): void {
    this.ms += ms;
  }

  /** Sets the clock to an instant. */
  set(at: Date | number): void {
    this.ms = typeof at === 'number' ? at : at.getTime();
  }
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
