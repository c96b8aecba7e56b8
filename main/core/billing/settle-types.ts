import type { CatchUpGap } from './catch-up-guard.js';

/** What one settle pass did, in time order. */
export interface SettleReport {
  charged: { deploymentId: number; hourStart: number; credits: number }[];
  paused: { deploymentId: number; at: number; reason: string }[];
  resumed: { deploymentId: number; at: number; reason: string }[];
  /** Total credits charged in this pass. */
  chargedCredits: number;
  /** True when an unpaid hour is waiting for a refill in flight. */
  waitingForRefill: boolean;
  /** A catch-up longer than 90 days nobody confirmed: nothing was applied (catch-up-guard.ts). */
  catchUpHeld: CatchUpGap | null;
}

/** An empty report to fill. */
export function emptyReport(): SettleReport {
  return { charged: [], paused: [], resumed: [], chargedCredits: 0, waitingForRefill: false, catchUpHeld: null };
}

/** The outcome of applying one due item. */
export type StepOutcome = 'applied' | 'wait';

/**
 * Something that falls due at a point in time: an hourly charge, a schedule
 * edge. The settle loop applies every source's items in one time order.
 */
export interface DueSource {
  /** Name for diagnostics. */
  readonly name: string;
  /**
   * Order among items due at the same instant, lower first (default 0).
   * Hourly charges use 10 so that a schedule pause at 09:00 lands before the
   * 09:00 hour would be charged: a deployment paused at t does not run [t, t+1h).
   */
  readonly priority?: number;
  /** Earliest pending item due by `now` (each source says whether `now` itself counts), or null. */
  peek(now: number): number | null;
  /**
   * The same as peek, read only, for sources whose items write the ledger or
   * change a deployment: tells whether the engine is behind the clock (see
   * Engine.creditDate).
   */
  nextAt?(now: number): number | null;
  /** Applies that item; runs inside the settle loop's transaction. */
  apply(now: number, report: SettleReport): StepOutcome;
}

/**
 * Extension points other modules (payments, alerts) hang off the settle loop.
 * All are optional; the engine runs them in registration order.
 */
export interface SettleHooks {
  /** After each applied item, inside the transaction: true to break out for async work. */
  wantsAsync?(now: number): boolean;
  /** Async work done between transactions (e.g. an off-session refill). */
  runAsync?(now: number, report: SettleReport): Promise<void>;
  /** Whether an unpayable hour due at `dueAt` should wait for a refill in flight. */
  shouldWaitForCredits?(dueAt: number, now: number): boolean;
  /** After the whole pass, outside any transaction. */
  afterSettle?(now: number, report: SettleReport): Promise<void> | void;
  /** Instead of a pass: a catch-up longer than 90 days waits for a person (alerts raise the confirmation). */
  catchUpHeld?(gap: CatchUpGap, now: number): void;
  /** A person confirmed that catch-up; the pass that applies it follows. */
  catchUpConfirmed?(gap: CatchUpGap, now: number): void;
}
