import { type ResumeHold, resumePausedForCredits } from './billing/auto-resume.js';
import { crashPoint } from './crash-points.js';
import { ChargeSource } from './billing/charge-source.js';
import { HourlyCharges } from './billing/hourly-charges.js';
import { type CatchUpGap, catchUpRefusal, confirmCatchUp, heldCatchUp } from './billing/catch-up-guard.js';
import { settleDue } from './billing/settle-loop.js';
import { type DueSource, emptyReport, type SettleHooks, type SettleReport } from './billing/settle-types.js';
import { InstanceCatalog } from './catalog/instance-catalog.js';
import { type Clock, systemClock } from './clock.js';
import { Coupons, type NewCoupon, validateCoupon } from './coupons/coupons.js';
import { type Db, openDatabase } from './db/open-database.js';
import { DeploymentLifecycle, type LifecycleResult } from './deployments/deployment-lifecycle.js';
import { DeploymentRepo } from './deployments/deployment-repo.js';
import type { Deployment, NewDeployment } from './deployments/deployment-types.js';
import { validateNewDeployment } from './deployments/validate-deployment.js';
import { Ledger } from './ledger/ledger.js';
import type { LedgerEntry } from './ledger/entry-types.js';
import { SettingsStore } from './settings/settings-store.js';

export interface EngineOptions {
  /** Folder holding burnrate.db (or ':memory:'). */
  dataDir: string;
  clock?: Clock;
}

/** A credit-adding action's entry and the deployments it resumed. */
export interface CreditResult {
  entry: LedgerEntry;
  resumed: number[];
}

/**
 * The Burnrate engine: one ledger database, one clock. Every action first
 * settles everything due up to its clock reading, then acts in one transaction.
 */
export class Engine {
  readonly ledger: Ledger;
  readonly catalog: InstanceCatalog;
  readonly deployments: DeploymentRepo;
  readonly charges: HourlyCharges;
  readonly lifecycle: DeploymentLifecycle;
  readonly coupons: Coupons;
  readonly settings: SettingsStore;
  private readonly sources: DueSource[] = [];
  private readonly hooks: SettleHooks[] = [];
  private readonly resumeHolds: ResumeHold[] = [];
  private settling: Promise<SettleReport> | null = null;

  constructor(
    readonly db: Db,
    readonly clock: Clock = systemClock,
  ) {
    this.ledger = new Ledger(db);
    this.catalog = new InstanceCatalog(db);
    this.deployments = new DeploymentRepo(db);
    this.charges = new HourlyCharges(this.ledger, this.deployments, this.catalog);
    this.lifecycle = new DeploymentLifecycle(this.ledger, this.deployments, this.catalog, this.charges);
    this.coupons = new Coupons(db, this.ledger);
    this.settings = new SettingsStore(db);
    this.sources.push(new ChargeSource(this.ledger, this.deployments, this.charges, () => this.hooks));
  }

  /** Opens the database in `dataDir`, migrating it, and builds the engine. */
  static open(opts: EngineOptions): Engine {
    return new Engine(openDatabase(opts.dataDir), opts.clock ?? systemClock);
  }

  /** The clock's reading in epoch ms. */
  now(): number {
    return this.clock.now().getTime();
  }

  /** Adds a due-item source (e.g. pause schedules) to the settle loop. */
  addSource(source: DueSource): void {
    this.sources.push(source);
  }

  /** Adds hooks (refills, alerts) to the settle loop. */
  addHooks(hooks: SettleHooks): void {
    this.hooks.push(hooks);
  }

  /** Adds a reason auto-resume must respect (a pause schedule's window). */
  addResumeHold(hold: ResumeHold): void {
    this.resumeHolds.push(hold);
  }

  /**
   * Settles every charge and schedule edge due up to now, in time order.
   * Concurrent callers share one pass so nothing is applied twice.
   */
  async settle(): Promise<SettleReport> {
    // A read-only data folder (open-database.ts) is read as it was last settled: nothing can be written.
    if (this.db.readonly) return emptyReport();
    if (this.settling) return this.settling;
    const now = this.now();
    const held = heldCatchUp(this.earliestDue(now), now, this.settings, this.deployments, this.catalog);
    if (held) return this.holdCatchUp(held, now);
    this.settling = settleDue(this.db, this.sources, this.hooks, now).finally(() => {
      this.settling = null;
    });
    return this.settling;
  }

  /** A catch-up longer than 90 days: nothing is applied; the hooks (alerts) ask a person to confirm it. */
  private holdCatchUp(gap: CatchUpGap, now: number): SettleReport {
    this.db
      .transaction(() => {
        for (const h of this.hooks) h.catchUpHeld?.(gap, now);
      })
      .immediate();
    return { ...emptyReport(), catchUpHeld: gap };
  }

  /**
   * A person confirmed a long catch-up (`tick --confirm-catch-up`, the
   * alert's button): everything due up to now is settled. Returns the gap
   * that was held (null when none was) and the pass's report.
   */
  async confirmCatchUp(): Promise<{ confirmed: CatchUpGap | null; report: SettleReport }> {
    if (this.settling) await this.settling;
    const now = this.now();
    const held = heldCatchUp(this.earliestDue(now), now, this.settings, this.deployments, this.catalog);
    if (held) {
      this.db
        .transaction(() => {
          confirmCatchUp(this.settings, now);
          for (const h of this.hooks) h.catchUpConfirmed?.(held, now);
        })
        .immediate();
    }
    return { confirmed: held, report: await this.settle() };
  }

  /** The long catch-up waiting for a person at the clock's reading, or null (read only). */
  heldCatchUp(): CatchUpGap | null {
    const now = this.now();
    return heldCatchUp(this.earliestDue(now), now, this.settings, this.deployments, this.catalog);
  }

  /** The earliest item due before `now` among sources that write the ledger or change a deployment, or null. */
  private earliestDue(now: number): number | null {
    let due: number | null = null;
    for (const s of this.sources) {
      const at = s.nextAt?.(now) ?? null;
      if (at !== null && (due === null || at < due)) due = at;
    }
    return due;
  }

  /**
   * Settles, then runs `fn` at the same clock reading in one transaction,
   * then settles again so hooks see what the action changed.
   * `precheck` runs first, read-only, so input that is plainly bad (an unknown
   * id) is refused before even due charges are settled: nothing changes.
   */
  async act<T>(fn: (now: number) => T, precheck?: () => void): Promise<T> {
    precheck?.();
    crashPoint('act-before-settle');
    const settled = await this.settle();
    // Acting at now with hours months behind unapplied would break time order: the person confirms first.
    if (settled.catchUpHeld) throw catchUpRefusal(settled.catchUpHeld);
    const now = this.now();
    const result = this.db
      .transaction(() => {
        const r = fn(now);
        crashPoint('act-in-transaction');
        return r;
      })
      .immediate();
    crashPoint('act-after-commit');
    // The action itself may have moved the balance (a start's first hour, a
    // purchase): give the hooks (refill, alerts) their look at the new state.
    await this.settle();
    return result;
  }

  /** Creates a deployment (state `created`). */
  createDeployment(input: NewDeployment): Promise<Deployment> {
    return this.act(
      (now) => this.lifecycle.create(input, now),
      () => this.catalog.get(validateNewDeployment(input).tier, this.now()),
    );
  }

  /** Starts a created deployment, charging its first hour. */
  startDeployment(id: number): Promise<LifecycleResult> {
    return this.act(
      (now) => this.lifecycle.start(id, now),
      () => this.deployments.get(id),
    );
  }

  /** Pauses a running deployment (the paid hour is not refunded). */
  pauseDeployment(id: number): Promise<LifecycleResult> {
    return this.act(
      (now) => this.lifecycle.pause(id, now),
      () => this.deployments.get(id),
    );
  }

  /** Resumes a paused deployment. */
  resumeDeployment(id: number): Promise<LifecycleResult> {
    return this.act(
      (now) => this.lifecycle.resume(id, now),
      () => this.deployments.get(id),
    );
  }

  /** Stops a deployment for good. */
  stopDeployment(id: number): Promise<LifecycleResult> {
    return this.act(
      (now) => this.lifecycle.stop(id, now),
      () => this.deployments.get(id),
    );
  }

  /** Creates a coupon (the admin's CLI or an import). */
  createCoupon(input: NewCoupon) {
    return this.act(
      (now) => this.coupons.create(input, now),
      () => validateCoupon(input),
    );
  }

  /** Redeems a coupon and resumes what was paused for credits. */
  redeemCoupon(code: string): Promise<CreditResult> {
    return this.act(
      (now) => {
        const entry = this.coupons.redeem(code, now);
        return { entry, resumed: this.afterCreditsAdded(now) };
      },
      () => this.coupons.checkRedeemable(code, this.now()),
    );
  }

  /**
   * When a credit learned of at `now` is dated: now — unless items due before
   * now are still to be applied (a catch-up under way when a refill comes
   * back, or a restart resolving a payment before its first settle). Then it
   * is dated at the earliest of them (never before the last entry or state
   * change): the ledger's dates never run backwards, so any period's opening
   * + movements = closing, and what it resumes never resumes before its pause.
   */
  creditDate(now: number): number {
    const due = this.earliestDue(now);
    if (due === null) return now;
    const position = Math.max(this.ledger.lastAt() ?? -Infinity, this.deployments.lastEventAt() ?? -Infinity);
    return Math.min(now, Math.max(due, position));
  }

  /** True while a schedule's pause window holds deployment `id` at `now`: nothing but the schedule may resume it then. */
  heldBySchedule(id: number, now: number): boolean {
    return this.resumeHolds.some((held) => held(id, now));
  }

  /** Call inside the transaction that added credits: resumes deployments paused for credits. */
  afterCreditsAdded(now: number): number[] {
    return resumePausedForCredits(this.deployments, this.lifecycle, this.settings, now, this.resumeHolds);
  }

  /** Closes the database. */
  close(): void {
    if (this.db.open) this.db.close();
  }
}
